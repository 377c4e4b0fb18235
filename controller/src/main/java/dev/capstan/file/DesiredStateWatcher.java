package dev.capstan.file;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;
import static java.util.concurrent.TimeUnit.NANOSECONDS;

import dev.capstan.model.DesiredState;
import dev.capstan.model.DesiredStateLoader;
import dev.capstan.model.InvalidDesiredStateException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Watches a desired-state file or folder and hands each saved change, loaded, to a listener. */
public final class DesiredStateWatcher implements AutoCloseable {

  /**
   * Receives every load whose content differs from the one reported before, one call at a time, on
   * the thread that calls {@link #start()} for the first load and on the watcher's thread after.
   *
   * <p>On {@link #invalid} the controller keeps enforcing the last state it got from {@link
   * #loaded}: the watcher holds no state for it. Neither method may block for long; an exception
   * thrown from either stops the watching.
   */
  public interface Listener {

    void loaded(DesiredState state);

    void invalid(InvalidDesiredStateException problems);
  }

  public static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(200);
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(2);

  private static final Logger log = LoggerFactory.getLogger(DesiredStateWatcher.class);

  private final Path target;
  private final boolean folderTarget;
  private final Path watchedFolder;
  private final long debounceNanos;
  private final long pollNanos;
  private final Listener listener;

  private volatile boolean closed;
  private volatile Runnable afterCheck = () -> {};
  private WatchService watchService;
  private Thread thread;
  // Confined to the thread that runs start() and, after it, to the watching thread.
  private WatchKey key;
  private Object watchedFolderIdentity;
  private String reportedFingerprint;

  /** Like {@link #DesiredStateWatcher(Path, Duration, Duration, Listener)}, polling every 2 s. */
  public DesiredStateWatcher(Path path, Duration debounce, Listener listener) {
    this(path, debounce, DEFAULT_POLL_INTERVAL, listener);
  }

  /**
   * A watcher, not yet started, of {@code path}: a folder (its {@code *.yaml} and {@code *.yml}
   * files, hidden ones skipped) if it is one now, otherwise a file, whose folder is watched for
   * events naming exactly that file (so editors' swap, backup and probe files never count).
   *
   * @param debounce how long events must be quiet before the content is loaded again
   * @param pollInterval how often the content is compared even without events, for file systems and
   *     folder replacements that a {@link WatchService} misses
   */
  public DesiredStateWatcher(
      Path path, Duration debounce, Duration pollInterval, Listener listener) {
    this.target = path.toAbsolutePath().normalize();
    this.folderTarget = Files.isDirectory(target);
    this.watchedFolder = folderTarget ? target : target.getParent();
    this.debounceNanos = nanos(debounce, "debounce", false);
    this.pollNanos = nanos(pollInterval, "pollInterval", true);
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /**
   * Loads the desired state once and reports it, whatever it is, then watches in a daemon thread.
   *
   * @throws IOException if the file system offers no watch service (inotify limits reached)
   */
  public synchronized void start() throws IOException {
    if (thread != null || closed) {
      throw new IllegalStateException("a watcher starts once, before it is closed");
    }
    watchService = target.getFileSystem().newWatchService();
    // Registered before the first load: a save in between is seen as an event.
    watchFolder();
    check();
    thread = new Thread(this::watch, "capstan-watch " + target.getFileName());
    thread.setDaemon(true);
    thread.setUncaughtExceptionHandler((t, e) -> log.error("stopped watching {}", target, e));
    thread.start();
  }

  /** Stops watching and waits for a listener call in progress: none follows once this returns. */
  @Override
  public synchronized void close() {
    closed = true;
    try {
      if (watchService != null) {
        watchService.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stop watching " + watchedFolder, e);
    } finally {
      awaitWatchingThread();
    }
  }

  /** Visible for tests: runs on the watching thread after each check of the content. */
  void afterEachCheck(Runnable hook) {
    afterCheck = Objects.requireNonNull(hook, "hook");
  }

  private void awaitWatchingThread() {
    if (thread == null || thread == Thread.currentThread()) {
      return;
    }
    try {
      // The loop sees `closed` within a poll interval even if the watch service did not close.
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void watch() {
    boolean changed = false;
    long quietAt = 0;
    long pollAt = System.nanoTime() + pollNanos;
    try {
      while (!closed) {
        long wakeAt = changed ? quietAt : pollAt;
        WatchKey signalled = watchService.poll(wakeAt - System.nanoTime(), NANOSECONDS);
        if (signalled != null && countsAsChange(signalled)) {
          changed = true;
          quietAt = System.nanoTime() + debounceNanos;
        }
        long now = System.nanoTime();
        if (changed && now - quietAt >= 0) {
          changed = false;
          check();
          pollAt = System.nanoTime() + pollNanos;
        } else if (!changed && now - pollAt >= 0) {
          pollAt = now + pollNanos;
          watchFolder();
          // A change found by polling is debounced too: the save may still be in progress.
          changed = !DesiredStateFingerprint.of(target).equals(reportedFingerprint);
          quietAt = now + debounceNanos;
        }
      }
    } catch (ClosedWatchServiceException e) {
      // close() ends the loop this way.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private boolean countsAsChange(WatchKey signalled) {
    boolean change = false;
    for (WatchEvent<?> event : signalled.pollEvents()) {
      // OVERFLOW means events were lost: only a reload can tell whether one was a save.
      change |= event.kind() == OVERFLOW || event.context() instanceof Path name && concerns(name);
    }
    // An invalid key means the folder itself went away: check what that did to the content.
    return !signalled.reset() || change;
  }

  private boolean concerns(Path name) {
    return folderTarget
        ? DesiredStateFingerprint.isYamlName(name.toString())
        : name.equals(target.getFileName());
  }

  /** Registers the watched folder again when it is new, was replaced, or lost its registration. */
  private void watchFolder() {
    Object identity = identityOf(watchedFolder);
    if (key != null && key.isValid() && Objects.equals(identity, watchedFolderIdentity)) {
      return;
    }
    if (key != null) {
      key.cancel();
      key = null;
    }
    watchedFolderIdentity = identity;
    if (!Files.isDirectory(watchedFolder)) {
      return;
    }
    try {
      key = watchedFolder.register(watchService, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY);
    } catch (IOException e) {
      // Not fatal: polling still sees every change, and the next poll tries again.
      log.debug("cannot watch {}, relying on polling: {}", watchedFolder, e.toString());
    }
  }

  private static Object identityOf(Path folder) {
    try {
      return Files.readAttributes(folder, BasicFileAttributes.class).fileKey();
    } catch (IOException e) {
      return null;
    }
  }

  /** Loads and reports the content unless it is what was reported last (touched, not changed). */
  private void check() {
    String fingerprint = DesiredStateFingerprint.of(target);
    if (closed) {
      return;
    }
    // Fingerprinted before loading: a save during the load makes another check, never a miss.
    if (!fingerprint.equals(reportedFingerprint)) {
      boolean first = reportedFingerprint == null;
      reportedFingerprint = fingerprint;
      report(first);
    }
    afterCheck.run();
  }

  private void report(boolean first) {
    DesiredState state;
    try {
      state = DesiredStateLoader.load(target);
    } catch (InvalidDesiredStateException e) {
      log.warn("desired state in {} is invalid:\n{}", target, e.getMessage());
      listener.invalid(e);
      return;
    }
    log.info("desired state {} from {}", first ? "loaded" : "reloaded", target);
    listener.loaded(state);
  }

  private static long nanos(Duration duration, String name, boolean positive) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative() || positive && duration.isZero()) {
      throw new IllegalArgumentException(name + " must be " + (positive ? "> 0" : ">= 0"));
    }
    // Deadlines are compared by difference, so even a century does not overflow them.
    return duration.toNanos();
  }
}
