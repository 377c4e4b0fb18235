package dev.capstan.release;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The holder name of a one-shot deployer, which says which process of which machine holds a lock,
 * so that a deployer on the same machine can tell that holder is gone and take its lock over at
 * once instead of waiting out the lease: {@code capstan@HOST:BOOT-PIDNS-UID:PID:START:ID}.
 *
 * <ul>
 *   <li>{@code HOST}: the hostname (at most 40 characters), for the operator;
 *   <li>{@code BOOT-PIDNS-UID}: where the pid means something: the first 12 hex digits of the
 *       kernel's boot id (random for every boot of every machine, so a reused hostname or a reboot
 *       never matches), the inode of the pid namespace (containers on one kernel) and the user id
 *       (whose processes this user can always see);
 *   <li>{@code PID} and {@code START}: the process and its start time in epoch milliseconds (0 when
 *       unknown), so a reused pid is not mistaken for the holder;
 *   <li>{@code ID}: 8 random hex digits, apart for each deployer within one process.
 * </ul>
 *
 * Only such a name with this machine's {@code BOOT-PIDNS-UID} and a process that no longer runs (or
 * runs with another start time) is {@linkplain #isAbandoned abandoned}; a holder named any other
 * way (another machine, a controller, an older Capstan) keeps its lock until it expires.
 */
public final class LockHolder {

  private static final Pattern NAME =
      Pattern.compile(
          "capstan@[A-Za-z0-9._-]{1,40}:([0-9a-f]{12}-[0-9]{1,20}-[0-9]{1,10}):([0-9]{1,10}):"
              + "([0-9]{1,15}):[0-9a-f]{8}");

  /** Start times of one process read twice may differ by rounding; never by a second. */
  private static final long START_TOLERANCE_MILLIS = 1000;

  private static final String SPACE = processSpace();

  private LockHolder() {}

  /** A fresh holder name for a deployer in this process. */
  public static String forThisProcess() {
    ProcessHandle self = ProcessHandle.current();
    return name(
        hostName(),
        SPACE == null ? "000000000000-0-0" : SPACE,
        self.pid(),
        startMillis(self),
        UUID.randomUUID().toString().substring(0, 8));
  }

  /** The name of a holder process, as {@link #forThisProcess} writes it. */
  static String name(String host, String space, long pid, long startMillis, String id) {
    String shortHost = host.replaceAll("[^A-Za-z0-9._-]", "_");
    shortHost = shortHost.substring(0, Math.min(40, shortHost.length()));
    return "capstan@"
        + (shortHost.isEmpty() ? "unknown" : shortHost)
        + ":"
        + space
        + ":"
        + pid
        + ":"
        + startMillis
        + ":"
        + id;
  }

  /** A holder name of this machine and user for process {@code pid} started at that time. */
  static String onThisMachine(long pid, long startMillis) {
    return name(hostName(), SPACE, pid, startMillis, "0123abcd");
  }

  /**
   * Whether {@code holder} is a deployer of this machine whose process is gone: no process with its
   * pid, or one that started at another time (the pid was reused).
   */
  public static boolean isAbandoned(String holder) {
    Matcher m = NAME.matcher(holder);
    if (SPACE == null || !m.matches() || !m.group(1).equals(SPACE)) {
      return false;
    }
    long pid;
    long start;
    try {
      pid = Long.parseLong(m.group(2));
      start = Long.parseLong(m.group(3));
    } catch (NumberFormatException e) {
      return false;
    }
    Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    if (process.isEmpty()) {
      return true;
    }
    Optional<Instant> started = process.get().info().startInstant();
    return start != 0
        && started.isPresent()
        && Math.abs(started.get().toEpochMilli() - start) > START_TOLERANCE_MILLIS;
  }

  private static long startMillis(ProcessHandle process) {
    return process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** {@code BOOT-PIDNS-UID} of this process, or null where it cannot be told (not Linux). */
  private static String processSpace() {
    try {
      String boot =
          Files.readString(Path.of("/proc/sys/kernel/random/boot_id"), StandardCharsets.US_ASCII)
              .strip()
              .replace("-", "");
      String namespace = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
      Matcher inode = Pattern.compile("pid:\\[([0-9]{1,20})\\]").matcher(namespace);
      Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
      if (!boot.matches("[0-9a-f]{32}") || !inode.matches()) {
        return null;
      }
      return boot.substring(0, 12) + "-" + inode.group(1) + "-" + uid;
    } catch (IOException
        | UnsupportedOperationException
        | IllegalArgumentException
        | SecurityException e) {
      return null;
    }
  }
}
