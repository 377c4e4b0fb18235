package dev.capstan.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The background copies of one running command, stdout and stderr drained and stdin fed, so that a
 * full pipe on one stream never blocks the others.
 */
final class CommandStreams {

  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final ExecutorService IO =
      Executors.newCachedThreadPool(
          task -> {
            Thread thread = new Thread(task, "capstan-io-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
          });
  private static final int BUFFER_SIZE = 64 * 1024;

  /** What the command wrote, decoded as UTF-8. */
  record Output(String stdout, String stderr) {}

  private final Future<byte[]> stdout;
  private final Future<byte[]> stderr;
  private final Future<?> stdin;
  private final AtomicReference<IOException> inputFailure;

  private CommandStreams(
      Future<byte[]> stdout,
      Future<byte[]> stderr,
      Future<?> stdin,
      AtomicReference<IOException> inputFailure) {
    this.stdout = stdout;
    this.stderr = stderr;
    this.stdin = stdin;
    this.inputFailure = inputFailure;
  }

  /**
   * Starts draining both outputs and feeding {@code source} (or nothing, when null) into {@code
   * sink}, closing {@code sink} at the end so the command sees end of file. When reading {@code
   * source} fails, {@code abort} runs instead: a command must not mistake a truncated input for a
   * complete one.
   */
  static CommandStreams start(
      InputStream stdout,
      InputStream stderr,
      InputStream source,
      OutputStream sink,
      Runnable abort) {
    AtomicReference<IOException> inputFailure = new AtomicReference<>();
    Future<?> stdin;
    if (source == null) {
      closeQuietly(sink);
      stdin = CompletableFuture.completedFuture(null);
    } else {
      stdin = IO.submit(() -> feed(source, sink, inputFailure, abort));
    }
    return new CommandStreams(drain(stdout), drain(stderr), stdin, inputFailure);
  }

  /** Waits until both outputs reached their end, which is when every writer closed them. */
  Output awaitOutput(Deadline deadline) throws TimeoutException, IOException, InterruptedException {
    byte[] out;
    byte[] err;
    try {
      out = await(stdout, deadline);
      err = await(stderr, deadline);
    } catch (IOException e) {
      // A failed input aborts the command, which can close its outputs under the readers
      // ("Stream closed"): the input is the cause worth reporting.
      checkInput();
      throw e;
    }
    return new Output(
        new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
  }

  /** Throws when reading the caller's standard input failed; the command was aborted then. */
  void checkInput() throws IOException {
    IOException failure = inputFailure.get();
    if (failure != null) {
      throw new IOException("reading standard input for the command failed: " + failure, failure);
    }
  }

  /** Stops whatever copying is still going on; the command is over. */
  void cancel() {
    stdin.cancel(true);
    stdout.cancel(true);
    stderr.cancel(true);
  }

  private static Future<byte[]> drain(InputStream in) {
    return IO.submit(
        () -> {
          try (in) {
            return in.readAllBytes();
          }
        });
  }

  private static Void feed(
      InputStream source,
      OutputStream sink,
      AtomicReference<IOException> inputFailure,
      Runnable abort) {
    byte[] buffer = new byte[BUFFER_SIZE];
    try {
      int read;
      while ((read = readSource(source, buffer, inputFailure)) >= 0) {
        sink.write(buffer, 0, read);
        sink.flush();
      }
    } catch (SourceFailed e) {
      // Interrupted means cancelled: the command is already over and needs no killing.
      if (!Thread.currentThread().isInterrupted()) {
        abort.run();
      }
      return null;
    } catch (IOException commandStoppedReading) {
      // The command exited or closed its stdin early: its exit status tells whether that was fine.
    }
    closeQuietly(sink);
    return null;
  }

  private static int readSource(
      InputStream source, byte[] buffer, AtomicReference<IOException> inputFailure)
      throws SourceFailed {
    try {
      return source.read(buffer);
    } catch (IOException e) {
      inputFailure.set(e);
      throw new SourceFailed();
    }
  }

  private static byte[] await(Future<byte[]> output, Deadline deadline)
      throws TimeoutException, IOException, InterruptedException {
    try {
      return output.get(deadline.remainingNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException(e.getCause());
    }
  }

  private static void closeQuietly(OutputStream sink) {
    try {
      sink.close();
    } catch (IOException ignored) {
      // The command already went away; nothing is waiting for this end of file.
    }
  }

  /** Marks that the caller's stream failed, as opposed to the command's end of the pipe. */
  private static final class SourceFailed extends Exception {
    SourceFailed() {
      super(null, null, false, false);
    }
  }
}
