package dev.capstan.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Decides when a just-started sshd serves: its own process holds the listening socket (not some
 * other process that took the port meanwhile) and the port answers with an SSH banner.
 */
final class SshdReadiness {

  private static final Duration POLL = Duration.ofMillis(20);

  private SshdReadiness() {}

  /** True once ready; false when sshd exited or the deadline passed first. */
  static boolean await(Process sshd, int port, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (System.nanoTime() < deadline) {
        if (!sshd.isAlive()) {
          return false;
        }
        if (listensOn(sshd.pid(), port) && answersSsh(port)) {
          return true;
        }
        // The pause is itself a wait for the other way startup ends: sshd exiting.
        sshd.waitFor(POLL.toMillis(), TimeUnit.MILLISECONDS);
      }
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * For an sshd the test cannot reach (in another network namespace): true once it logged that it
   * listens; false when it exited or the deadline passed first.
   */
  static boolean awaitListening(Process sshd, Path log, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (System.nanoTime() < deadline) {
        if (!sshd.isAlive()) {
          return false;
        }
        if (Files.exists(log) && Files.readString(log).contains("Server listening on")) {
          return true;
        }
        sshd.waitFor(POLL.toMillis(), TimeUnit.MILLISECONDS);
      }
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static boolean answersSsh(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      socket.setSoTimeout(2000);
      InputStream in = socket.getInputStream();
      byte[] banner = in.readNBytes(4);
      socket.getOutputStream().write("SSH-2.0-capstan-readiness-probe\r\n".getBytes());
      return "SSH-".equals(new String(banner, StandardCharsets.US_ASCII));
    } catch (IOException e) {
      return false;
    }
  }

  /** Whether a listening TCP socket on 127.0.0.1:port is one of {@code pid}'s open files. */
  private static boolean listensOn(long pid, int port) {
    Set<String> inodes = listeningInodes(port);
    if (inodes.isEmpty()) {
      return false;
    }
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/" + pid + "/fd"))) {
      for (Path fd : fds) {
        String target = readLink(fd);
        if (target.startsWith("socket:[")
            && inodes.contains(target.substring(8, target.length() - 1))) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  private static Set<String> listeningInodes(int port) {
    String local = String.format(Locale.ROOT, "0100007F:%04X", port);
    Set<String> inodes = new HashSet<>();
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/net/tcp"));
      for (String line : lines.subList(1, lines.size())) {
        String[] fields = line.trim().split("\\s+");
        // Fields: sl, local_address, rem_address, st (0A is LISTEN), ..., inode is the tenth.
        if (fields.length > 9 && fields[1].equals(local) && fields[3].equals("0A")) {
          inodes.add(fields[9]);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return inodes;
  }

  private static String readLink(Path fd) {
    try {
      return Files.readSymbolicLink(fd).toString();
    } catch (IOException e) {
      return "";
    }
  }
}
