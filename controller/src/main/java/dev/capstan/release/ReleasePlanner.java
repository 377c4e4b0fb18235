package dev.capstan.release;

import dev.capstan.release.Action.BuildRelease;
import dev.capstan.release.Action.LinkShared;
import dev.capstan.release.Action.RemoveRelease;
import dev.capstan.release.Action.RepairVirtualenv;
import dev.capstan.release.Action.SwitchRelease;
import dev.capstan.release.Action.Why;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The pure heart of Capstan: from what a host should run and what it has, the actions that close
 * the gap. No I/O; the same plan is what {@code capstan plan} prints and what {@code apply} does.
 */
public final class ReleasePlanner {

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

  private ReleasePlanner() {}

  /**
   * Plans one host.
   *
   * @param keepReleases complete releases to keep; the live and the previous one always stay
   * @param now the time that stamps a new release's name
   */
  public static HostPlan plan(
      DesiredRelease desired, ObservedHost observed, int keepReleases, Instant now) {
    Optional<ObservedRelease> live = observed.live();
    Optional<ObservedRelease> goodLive = live.filter(ObservedRelease::isComplete);
    List<Action> actions = new ArrayList<>();

    String target = existingRelease(desired, observed, goodLive).orElse(null);
    if (target == null) {
      target = newReleaseName(desired, observed, now);
      actions.add(new BuildRelease(target, desired));
    } else if (observed.brokenVirtualenvs().contains(target)) {
      actions.add(new RepairVirtualenv(target));
    }
    String liveName = live.map(ObservedRelease::name).orElse(null);
    if (!target.equals(liveName)) {
      actions.add(new SwitchRelease(target, goodLive.map(ObservedRelease::name).orElse(null)));
    } else if (!observed.unlinkedShared().isEmpty()) {
      actions.add(new LinkShared(target, observed.unlinkedShared()));
    }
    actions.addAll(removals(observed, target, liveName, keepReleases));
    return new HostPlan(observed.host(), desired, target, actions);
  }

  /** The live release when it is the desired one, else the newest complete one that is. */
  private static Optional<String> existingRelease(
      DesiredRelease desired, ObservedHost observed, Optional<ObservedRelease> goodLive) {
    if (goodLive.isPresent() && goodLive.get().builds(desired)) {
      return goodLive.map(ObservedRelease::name);
    }
    return observed.releases().stream()
        .filter(r -> r.isComplete() && r.builds(desired))
        .map(ObservedRelease::name)
        .max(Comparator.naturalOrder());
  }

  /** {@code <UTC stamp>-<short sha>}, a second later when that name is taken. */
  static String newReleaseName(DesiredRelease desired, ObservedHost observed, Instant now) {
    Instant stamp = now;
    String name;
    do {
      name = STAMP.format(stamp) + "-" + desired.shortCommit();
      stamp = stamp.plusSeconds(1);
    } while (observed.release(name).isPresent());
    return name;
  }

  /**
   * Releases to delete once the target is live: abandoned builds, failed releases but the newest
   * (kept for inspection), and complete releases beyond retention. Never the target or the live
   * release, never a folder whose name Capstan did not generate.
   */
  private static List<RemoveRelease> removals(
      ObservedHost observed, String target, String liveName, int keepReleases) {
    List<RemoveRelease> removals = new ArrayList<>();
    List<ObservedRelease> newestFirst =
        observed.releases().stream()
            .filter(r -> ReleaseLayout.RELEASE_NAME.matcher(r.name()).matches())
            .filter(r -> !r.name().equals(target) && !r.name().equals(liveName))
            .sorted(Comparator.comparing(ObservedRelease::name).reversed())
            .toList();

    Set<String> kept = new LinkedHashSet<>();
    kept.add(target);
    if (observed.live().filter(ObservedRelease::isComplete).isPresent()) {
      kept.add(liveName);
    }
    boolean newestFailedKept = false;
    for (ObservedRelease release : newestFirst) {
      switch (release.state()) {
        case BUILDING, UNKNOWN -> removals.add(new RemoveRelease(release.name(), Why.ABANDONED));
        case FAILED -> {
          if (newestFailedKept) {
            removals.add(new RemoveRelease(release.name(), Why.FAILED));
          }
          newestFailedKept = true;
        }
        case COMPLETE -> {
          if (kept.size() < keepReleases) {
            kept.add(release.name());
          } else {
            removals.add(new RemoveRelease(release.name(), Why.RETENTION));
          }
        }
      }
    }
    return removals;
  }
}
