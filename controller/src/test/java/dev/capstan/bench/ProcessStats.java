package dev.capstan.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What {@code /proc} says about one process: CPU seconds used (user + system, from {@code stat})
 * and its established TCP connections to some ports (its socket inodes, from {@code fd/}, matched
 * in {@code net/tcp} and {@code net/tcp6}). The parsers are pure and static, for the tests.
 */
final class ProcessStats {

  /** Linux's USER_HZ, which {@code stat} counts in on every architecture Capstan runs on. */
  static final double CLOCK_TICKS_PER_SECOND = 100;

  private static final Pattern SOCKET = Pattern.compile("socket:\\[(\\d+)]");
  private static final String ESTABLISHED = "01";

  private final long pid;

  ProcessStats(long pid) {
    this.pid = pid;
  }

  /** User plus system CPU seconds of every thread of the process so far. */
  double cpuSeconds() {
    return cpuSecondsOf(read(Path.of("/proc/" + pid + "/stat")));
  }

  /** Established TCP connections of the process whose remote port is one of {@code ports}. */
  int establishedTo(Set<Integer> ports) {
    Set<Long> sockets = socketInodes();
    int count = 0;
    for (String table : List.of("tcp", "tcp6")) {
      Path file = Path.of("/proc/" + pid + "/net/" + table);
      if (Files.exists(file)) {
        count += establishedTo(read(file), sockets, ports);
      }
    }
    return count;
  }

  /** Fields 14 and 15 (utime, stime) of a {@code stat} line, after the parenthesised name. */
  static double cpuSecondsOf(String stat) {
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).strip().split(" +");
    // fields[0] is field 3 (state): utime is field 14, stime field 15.
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / CLOCK_TICKS_PER_SECOND;
  }

  /** Rows of a {@code net/tcp} table that are established, to one of the ports, on our sockets. */
  static int establishedTo(String table, Set<Long> sockets, Set<Integer> ports) {
    int count = 0;
    for (String line : table.lines().skip(1).toList()) {
      String[] f = line.strip().split(" +");
      if (f.length < 10) {
        continue;
      }
      String remote = f[2];
      int port = Integer.parseInt(remote.substring(remote.indexOf(':') + 1), 16);
      if (f[3].equals(ESTABLISHED)
          && ports.contains(port)
          && sockets.contains(Long.parseLong(f[9]))) {
        count++;
      }
    }
    return count;
  }

  private Set<Long> socketInodes() {
    Set<Long> inodes = new HashSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
      for (Path fd : fds.toList()) {
        try {
          Matcher matcher = SOCKET.matcher(Files.readSymbolicLink(fd).toString());
          if (matcher.matches()) {
            inodes.add(Long.parseLong(matcher.group(1)));
          }
        } catch (IOException e) {
          // closed between the listing and the read: not a connection any more
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the descriptors of process " + pid, e);
    }
    return inodes;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
