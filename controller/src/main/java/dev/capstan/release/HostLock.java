package dev.capstan.release;

import dev.capstan.host.ExecResult;
import dev.capstan.host.HostException;
import dev.capstan.host.RemoteHost;
import dev.capstan.host.Shell;
import dev.capstan.model.SharedSpec;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * A lease on a host's deploy path: {@code .capstan/lock/owner} holds the expiry and the holder.
 * Taking it is an atomic rename of a prepared folder; an expired lease (its holder died) is taken
 * over; the holder renews it while it works and removes it when done.
 */
public final class HostLock {

  /** Holder names reach a shell: letters, digits and {@code @:._-} only. */
  public static final Pattern HOLDER = Pattern.compile("[A-Za-z0-9@:._-]{1,128}");

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** Exit status of a guarded command that did nothing because another holder has the lease. */
  public static final int BUSY = 75;

  /** A valid holder name from free text: every character the pattern refuses becomes "_". */
  public static String holderName(String text) {
    return text.replaceAll("[^A-Za-z0-9@:._-]", "_");
  }

  private final RemoteHost host;
  private final ReleaseLayout layout;
  private final String holder;
  private final Duration lease;

  public HostLock(RemoteHost host, ReleaseLayout layout, String holder, Duration lease) {
    if (!HOLDER.matcher(holder).matches()) {
      throw new IllegalArgumentException("invalid lock holder: " + holder);
    }
    this.host = host;
    this.layout = layout;
    this.holder = holder;
    this.lease = lease;
  }

  /** The outcome of one attempt: taken (with the host observed under the lock) or held by another. */
  public record Attempt(boolean acquired, ObservedHost observed) {}

  /**
   * Tries once to take the lease and, in the same round trip, observes the host.
   *
   * @return whether it was taken; when not, {@code observed().lock()} names the holder
   */
  public Attempt tryAcquire(SharedSpec shared) throws HostException {
    ExecResult result = host.exec(acquireScript() + "\n" + HostObserver.script(layout, shared), TIMEOUT);
    if (!result.succeeded()) {
      throw new HostException(
          host.name(), HostException.Kind.IO,
          "cannot take the lock in " + layout.deployPath() + ": " + result.stderrTail(5));
    }
    boolean acquired = result.stdout().lines().anyMatch(l -> l.startsWith("lock-acquired"));
    return new Attempt(acquired, HostObserver.parse(host.name(), result.stdout()));
  }

  /**
   * A prefix for a phase's command that takes the lease first, so that taking it costs no round
   * trip of its own: it observes the host under the lease (printed before a marker line, for
   * {@link #attemptOf}) and stops the command with {@link #BUSY} when another holder has it.
   */
  public String guardScript(SharedSpec shared) {
    return acquireScript() + "\n(\n" + HostObserver.script(layout, shared) + "\n)\n"
        + "echo " + HostObserver.OBSERVED_END + "\n"
        + "[ \"$got\" = 1 ] || exit " + BUSY + "\n";
  }

  /** The lease and observation a command that began with {@link #guardScript} reports. */
  public Attempt attemptOf(ExecResult result) {
    String observation = HostObserver.observedPart(result.stdout());
    boolean acquired = result.exitStatus() != BUSY
        && observation.lines().anyMatch(l -> l.startsWith("lock-acquired"));
    return new Attempt(acquired, HostObserver.parse(host.name(), observation));
  }

  /** Pushes the expiry forward; false when the lease was lost to another holder. */
  public boolean renew() throws HostException {
    String script =
        cdBookkeeping()
            + "read -r exp who < lock/owner && [ \"$who\" = " + Shell.quote(holder) + " ] || exit 3\n"
            + "printf '%s %s\\n' $(( $(date +%s) + " + lease.toSeconds() + " )) "
            + Shell.quote(holder) + " > lock/owner.new && mv -f lock/owner.new lock/owner";
    return host.exec(script, TIMEOUT).succeeded();
  }

  /** Removes the lease if this holder still has it. */
  public void release() throws HostException {
    host.exec(releaseScript(), TIMEOUT);
  }

  /**
   * The script {@link #release} runs, for appending to a phase's last command so that giving
   * the lock back costs no round trip of its own.
   */
  public String releaseScript() {
    return "cd " + Shell.quote(layout.bookkeepingDir()) + " || exit 0\n"
        + "read -r exp who < lock/owner 2>/dev/null && [ \"$who\" = " + Shell.quote(holder)
        + " ] && rm -rf lock\nexit 0";
  }

  public String holder() {
    return holder;
  }

  private String cdBookkeeping() {
    return "cd " + Shell.quote(layout.bookkeepingDir()) + " || exit 3\n";
  }

  /**
   * Prepares {@code lock.new.$$} with an owner file and renames it to {@code lock}: the rename
   * fails while another lock folder exists, so two deployers can never both succeed. An expired
   * or own lease is first renamed aside (only one taker's rename can succeed).
   */
  private String acquireScript() {
    String quotedHolder = Shell.quote(holder);
    return String.join(
        "\n",
        "mkdir -p " + Shell.quote(layout.bookkeepingDir()) + " || exit 3",
        "cd " + Shell.quote(layout.bookkeepingDir()) + " || exit 3",
        "now=$(date +%s)",
        "mkdir lock.new.$$ || exit 3",
        "printf '%s %s\\n' $((now + " + lease.toSeconds() + ")) " + quotedHolder
            + " > lock.new.$$/owner || exit 3",
        "got=0",
        "if mv -T lock.new.$$ lock 2>/dev/null; then got=1; else",
        "  read -r exp who < lock/owner 2>/dev/null || { exp=0; who=unknown; }",
        "  case \"$exp\" in ''|*[!0-9]*) exp=0 ;; esac",
        "  if [ \"$who\" = " + quotedHolder + " ] || [ \"$exp\" -lt \"$now\" ]; then",
        "    if mv -T lock lock.stale.$$ 2>/dev/null && mv -T lock.new.$$ lock; then",
        "      rm -rf lock.stale.$$; got=1",
        "    fi",
        "  fi",
        "fi",
        "rm -rf lock.new.$$",
        "[ $got = 1 ] && echo lock-acquired",
        "cd /");
  }
}
