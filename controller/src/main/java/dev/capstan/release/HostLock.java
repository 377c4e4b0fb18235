package dev.capstan.release;

import dev.capstan.host.HostException;
import dev.capstan.host.RemoteHost;
import dev.capstan.model.SharedSpec;
import dev.capstan.remote.Protocol;
import dev.capstan.remote.Protocol.Marker;
import dev.capstan.remote.RemoteScript;
import dev.capstan.remote.ScriptOutput;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * A lease on a host's deploy path: {@code .capstan/lock/owner} holds the expiry and the holder.
 * Taking it is an atomic rename of a prepared folder; an expired lease (its holder died) is taken
 * over, and so at once is one whose holder was a process of this machine that is gone (see {@link
 * LockHolder}); the holder renews it while it works and removes it when done.
 */
public final class HostLock {

  /** Holder names reach a shell: letters, digits and {@code @:._-} only. */
  public static final Pattern HOLDER = Pattern.compile("[A-Za-z0-9@:._-]{1,128}");

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Duration MIN_RENEW_TIMEOUT = Duration.ofSeconds(2);

  /** Exit status of a guarded command that did nothing because another holder has the lease. */
  public static final int BUSY = Protocol.Exit.BUSY.code();

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

  /**
   * The outcome of one attempt: taken (with the host observed under the lock) or held by another.
   *
   * @param tookOverFrom the abandoned holder whose lock was taken over, else null
   */
  public record Attempt(boolean acquired, ObservedHost observed, String tookOverFrom) {
    public Attempt(boolean acquired, ObservedHost observed) {
      this(acquired, observed, null);
    }
  }

  /**
   * Tries once to take the lease and, in the same round trip, observes the host.
   *
   * @return whether it was taken; when not, {@code observed().lock()} names the holder
   */
  public Attempt tryAcquire(SharedSpec shared) throws HostException {
    Attempt attempt = tryAcquire(shared, take());
    LockInfo seen = attempt.observed().lock();
    if (attempt.acquired()
        || seen == null
        || seen.holder().equals(holder)
        || !HOLDER.matcher(seen.holder()).matches()
        || !LockHolder.isAbandoned(seen.holder())) {
      return attempt;
    }
    // Its holder ran here and is gone: take over exactly the lease that was seen, so that of
    // two deployers that both saw it only one wins, and a lease renewed since is left alone.
    Attempt takeover =
        tryAcquire(
            shared,
            RemoteScript.Fragment.of(
                "capstan_lock_take",
                layout.bookkeepingDir(),
                seconds(),
                holder,
                String.valueOf(seen.expiresEpochSecond()),
                seen.holder()));
    return takeover.acquired() ? new Attempt(true, takeover.observed(), seen.holder()) : takeover;
  }

  private Attempt tryAcquire(SharedSpec shared, RemoteScript.Fragment take) throws HostException {
    ScriptOutput output =
        RemoteScript.create()
            .append(take)
            .append(HostObserver.fragment(layout, shared))
            .run(host, TIMEOUT);
    if (!output.succeeded()) {
      throw new HostException(
          host.name(),
          HostException.Kind.IO,
          "cannot take the lock in " + layout.deployPath() + ": " + output.stderrTail(5));
    }
    return new Attempt(output.has(Marker.LOCK_ACQUIRED), HostObserver.parse(host.name(), output));
  }

  /**
   * Calls that begin a phase's command by taking the lease, so that taking it costs no round trip
   * of its own: they observe the host under the lease (for {@link #attemptOf}) and stop the command
   * with {@link #BUSY} when another holder has it.
   */
  public RemoteScript.Fragment guardScript(SharedSpec shared) {
    return take().then(HostObserver.fragment(layout, shared)).then("capstan_lock_required");
  }

  /** The lease and observation a command that began with {@link #guardScript} reports. */
  public Attempt attemptOf(ScriptOutput output) {
    boolean acquired = !output.exited(Protocol.Exit.BUSY) && output.has(Marker.LOCK_ACQUIRED);
    return new Attempt(acquired, HostObserver.parse(host.name(), output));
  }

  /**
   * Pushes the expiry forward; false when the lease was lost to another holder (or not taken yet).
   * Gives up sooner than the lease lasts: the next renewal tries again.
   */
  public boolean renew() throws HostException {
    Duration timeout =
        lease.dividedBy(4).compareTo(MIN_RENEW_TIMEOUT) < 0
            ? MIN_RENEW_TIMEOUT
            : lease.dividedBy(4);
    return RemoteScript.create()
        .call("capstan_lock_renew", layout.bookkeepingDir(), seconds(), holder)
        .run(host, timeout)
        .succeeded();
  }

  /** Removes the lease if this holder still has it. */
  public void release() throws HostException {
    RemoteScript.create().append(releaseScript()).run(host, TIMEOUT);
  }

  /**
   * The call {@link #release} makes, for appending to a phase's last command so that giving the
   * lock back costs no round trip of its own.
   */
  public RemoteScript.Fragment releaseScript() {
    return RemoteScript.Fragment.of("capstan_lock_give_back", layout.bookkeepingDir(), holder);
  }

  public String holder() {
    return holder;
  }

  /**
   * Takes the lease by an atomic rename of a prepared folder (see {@code lock.sh}): two deployers
   * can never both succeed; an expired or own lease is taken over.
   */
  private RemoteScript.Fragment take() {
    return RemoteScript.Fragment.of(
        "capstan_lock_take", layout.bookkeepingDir(), seconds(), holder);
  }

  private String seconds() {
    return String.valueOf(lease.toSeconds());
  }
}
