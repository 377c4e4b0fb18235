package dev.capstan.reconcile;

import dev.capstan.model.Environment;
import dev.capstan.model.EnvironmentSpec;
import dev.capstan.windows.DeployWindows;
import dev.capstan.windows.WindowVerdict;
import java.time.Duration;
import java.time.Instant;

/**
 * What the controller's pass of an Environment may roll out now: the revision of its spec, or with
 * {@code promoteFrom} the commit its source has run healthy long enough; and while a deploy window
 * is closed (or no commit is promotable yet), only the commit its hosts already run, so drift is
 * still corrected but nothing new starts. Pure: the resolution of a revision is handed in.
 */
public final class RolloutGate {

  /** Resolves a revision to its commit (the mirror), null when it cannot be. */
  @FunctionalInterface
  public interface Resolver {
    String commit(String revision);
  }

  /**
   * The outcome.
   *
   * @param environment what to reconcile, null when nothing may run (no commit is live yet)
   * @param hold why a new revision waits, null when none does
   * @param recheckAfter when to look again because the hold may end (null: the drift interval)
   */
  public record Gated(Environment environment, RolloutHold hold, Duration recheckAfter) {}

  private RolloutGate() {}

  /**
   * @param live the commit every host runs now (the last status's), null when none or mixed
   * @param source the status of the Environment promoted from, null when none
   * @param healthySince since when the source has run its commit healthy
   */
  public static Gated gate(
      Environment environment,
      String live,
      EnvironmentStatus source,
      Instant healthySince,
      Instant now,
      Resolver resolver) {
    EnvironmentSpec spec = environment.spec();
    Environment target = environment;
    if (spec.promoteFrom() != null) {
      Promotion.Decision promotion =
          Promotion.decide(spec.promoteFrom(), source, healthySince, now);
      if (promotion.commit() == null) {
        RolloutHold hold =
            new RolloutHold(
                "promoteFrom " + spec.promoteFrom().environment(),
                null,
                promotion.note(),
                promotion.waitFor() == null ? null : now.plus(promotion.waitFor()));
        return new Gated(stayOn(environment, live), hold, promotion.waitFor());
      }
      target = withRevision(environment, promotion.commit());
    }
    if (spec.windows().isEmpty()) {
      return new Gated(target, null, null);
    }
    WindowVerdict verdict = new DeployWindows(spec.windows()).at(now);
    if (verdict.permitted()) {
      return new Gated(target, null, null);
    }
    String revision = target.spec().revision();
    String commit = resolver.commit(revision);
    if (commit != null && commit.equals(live)) {
      return new Gated(target, null, null); // nothing new: drift correction only, as always
    }
    RolloutHold hold =
        new RolloutHold(revision, commit, verdict.blockingWindow(), verdict.nextOpenAt());
    Duration untilOpen =
        verdict.nextOpenAt() == null ? null : Duration.between(now, verdict.nextOpenAt());
    return new Gated(stayOn(environment, live), hold, untilOpen);
  }

  /** The Environment held on its live commit, or null when no commit is live to hold it on. */
  private static Environment stayOn(Environment environment, String live) {
    return live == null ? null : withRevision(environment, live);
  }

  private static Environment withRevision(Environment environment, String commit) {
    return new Environment(
        environment.name(), environment.spec().withRevision(commit), environment.baseDir());
  }
}
