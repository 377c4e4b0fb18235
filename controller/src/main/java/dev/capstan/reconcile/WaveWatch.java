package dev.capstan.reconcile;

import dev.capstan.host.ExecResult;
import dev.capstan.host.HostException;
import dev.capstan.model.DurationText;
import dev.capstan.release.HealthProbe;
import dev.capstan.services.ServiceState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches the hosts a rollout switched so far for {@code rollout.pause} after a wave: their health
 * checks (and service states, when the host runs services) run again every {@link
 * Waves#checkInterval}, the last at the pause's end. A check that cannot run counts as a failure,
 * never as a pass (Flagger's gates that pass on "no data" are the complaint this answers).
 */
final class WaveWatch {

  /** What progress names the rollout's own lines by, where a host's name would be. */
  static final String ROLLOUT = "rollout";

  private WaveWatch() {}

  /**
   * Watches {@code switched} after {@code wave} for {@code pause}: null when every host stayed
   * healthy throughout, else {@code host: why} of the first that did not (it is marked failed).
   */
  static String watch(
      PassState pass, Waves.Wave<HostRun> wave, List<HostRun> switched, Duration pause) {
    String label = "wave " + wave.position() + "/" + wave.total();
    pass.progress()
        .progress(
            ROLLOUT,
            "watching "
                + label
                + " ("
                + switched.size()
                + (switched.size() == 1 ? " host" : " hosts")
                + " switched so far) for "
                + DurationText.format(pause));
    long start = System.nanoTime();
    long end = start + pause.toNanos();
    long interval = Math.max(1, Waves.checkInterval(pause).toNanos());
    long next = start + interval;
    while (true) {
      sleepUntil(Math.min(next, end));
      String failure = checkAll(pass, switched);
      String after = seconds(System.nanoTime() - start);
      if (failure != null) {
        pass.progress().progress(ROLLOUT, label + " unhealthy after " + after + ": " + failure);
        return failure;
      }
      if (System.nanoTime() >= end) {
        pass.progress().progress(ROLLOUT, label + " healthy after " + after);
        return null;
      }
      next += interval;
    }
  }

  /** Checks every host at once: null when all passed, else the first failing host's. */
  private static String checkAll(PassState pass, List<HostRun> hosts) {
    Map<HostRun, String> failures = new ConcurrentHashMap<>();
    pass.each(
        hosts,
        host -> {
          String failure = check(pass, host);
          if (failure != null) {
            failures.put(host, failure);
          }
        },
        (host, error) -> failures.put(host, "check could not run: " + error.getMessage()));
    for (HostRun host : hosts) {
      String failure = failures.get(host);
      if (failure != null) {
        host.fail(Reason.HealthCheckFailed, "while watched: " + failure);
        host.verdict(WaveVerdict.FAILED, "while watched: " + failure);
        pass.progress().progress(host.name(), "unhealthy while watched: " + failure);
        return host.name() + ": " + failure;
      }
    }
    return null;
  }

  /** Null when the host's live release passes its health check and its services run it. */
  private static String check(PassState pass, HostRun host) {
    try {
      HealthProbe probe = pass.deployer(host).healthProbe();
      if (probe != null) {
        String failure = probe.check();
        if (failure != null) {
          return failure;
        }
      }
      // Without a health check this still proves the host answers: it lists its services.
      List<ServiceState> services = pass.deployer(host).serviceStates(host.live());
      host.services(services);
      for (ServiceState service : services) {
        if (!service.running()) {
          return "service " + service.name() + " is " + service.state().display();
        }
      }
      if (probe == null && services.isEmpty()) {
        ExecResult answer = host.connection().exec("true", Duration.ofSeconds(30));
        if (!answer.succeeded()) {
          return "check could not run: `true` exited with status " + answer.exitStatus();
        }
      }
      return null;
    } catch (HostException e) {
      return "check could not run: " + e.getMessage();
    }
  }

  private static void sleepUntil(long nanoTime) {
    long wait = nanoTime - System.nanoTime();
    if (wait <= 0) {
      return;
    }
    try {
      Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("rollout cancelled while watching a wave");
    }
  }

  private static String seconds(long nanos) {
    return String.format(java.util.Locale.ROOT, "%.1fs", nanos / 1e9);
  }
}
