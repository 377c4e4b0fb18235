package dev.capstan.release;

import dev.capstan.release.Action.BuildRelease;
import dev.capstan.release.Action.CorrectServices;
import dev.capstan.release.Action.LinkShared;
import dev.capstan.release.Action.RemoveRelease;
import dev.capstan.release.Action.RepairVirtualenv;
import dev.capstan.release.Action.SwitchRelease;
import dev.capstan.release.Action.Why;
import dev.capstan.release.Action.WriteConfigFiles;
import dev.capstan.services.ServiceState;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
    return plan(desired, observed, keepReleases, now, Map.of(), null);
  }

  /**
   * Plans one host of an Application with config files or services.
   *
   * @param configFiles per config file path, the SHA-256 its content must have
   * @param services the host's services; null when none
   */
  public static HostPlan plan(
      DesiredRelease desired,
      ObservedHost observed,
      int keepReleases,
      Instant now,
      Map<String, String> configFiles,
      HostServices services) {
    return plan(desired, observed, keepReleases, now, configFiles, services, Set.of());
  }

  /**
   * Plans one host of an Environment some of whose releases failed on other hosts.
   *
   * @param failedInEnvironment the releases that failed on any host of the Environment: on every
   *     host they are no release to switch to, roll back to or keep (one may read complete on a
   *     host of a later batch that never switched to it)
   */
  public static HostPlan plan(
      DesiredRelease desired,
      ObservedHost observed,
      int keepReleases,
      Instant now,
      Map<String, String> configFiles,
      HostServices services,
      Set<String> failedInEnvironment) {
    Optional<ObservedRelease> live = observed.live();
    Optional<ObservedRelease> goodLive = live.filter(ObservedRelease::isComplete);
    List<Action> actions = new ArrayList<>();
    List<String> writes = configWrites(configFiles, observed);
    if (!writes.isEmpty()) {
      actions.add(new WriteConfigFiles(writes));
    }

    String target = existingRelease(desired, observed, goodLive, failedInEnvironment).orElse(null);
    if (target == null) {
      target = newReleaseName(desired, observed, now);
      actions.add(new BuildRelease(target, desired));
    } else if (observed.brokenVirtualenvs().contains(target)) {
      actions.add(new RepairVirtualenv(target));
    }
    String liveName = live.map(ObservedRelease::name).orElse(null);
    if (!target.equals(liveName)) {
      actions.add(new SwitchRelease(target, goodLive.map(ObservedRelease::name).orElse(null)));
    } else {
      if (!observed.unlinkedShared().isEmpty()) {
        actions.add(new LinkShared(target, observed.unlinkedShared()));
      }
      correctServices(target, observed, services, !writes.isEmpty()).ifPresent(actions::add);
    }
    actions.addAll(removals(observed, target, liveName, keepReleases, failedInEnvironment));
    return new HostPlan(observed.host(), desired, target, actions);
  }

  /** The config files whose content on the host is not the desired one, sorted. */
  private static List<String> configWrites(Map<String, String> wanted, ObservedHost observed) {
    return wanted.entrySet().stream()
        .filter(e -> !e.getValue().equals(observed.configFiles().get(e.getKey())))
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }

  /**
   * The live release's services that do not run as planned; every one of them when config files are
   * about to be written.
   */
  private static Optional<CorrectServices> correctServices(
      String live, ObservedHost observed, HostServices services, boolean configChanged) {
    if (services == null || !services.any()) {
      return Optional.empty();
    }
    List<ServiceState> states = services.conformance(live, observed.processes());
    List<ServiceState> off =
        configChanged ? states : states.stream().filter(s -> !s.running()).toList();
    return off.isEmpty()
        ? Optional.empty()
        : Optional.of(new CorrectServices(live, off, configChanged));
  }

  /** The live release when it is the desired one, else the newest complete one that is. */
  private static Optional<String> existingRelease(
      DesiredRelease desired,
      ObservedHost observed,
      Optional<ObservedRelease> goodLive,
      Set<String> failedInEnvironment) {
    if (goodLive.isPresent() && goodLive.get().builds(desired)) {
      return goodLive.map(ObservedRelease::name);
    }
    return observed.releases().stream()
        .filter(r -> r.isComplete() && r.builds(desired))
        .filter(r -> !failedInEnvironment.contains(r.name()))
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
   * (kept for inspection), complete releases that failed on another host or were never live here,
   * and those beyond retention: {@code keepReleases} keeps releases that were live first, then
   * never-live ones in the room left. Never the target or the live release, never a folder whose
   * name Capstan did not generate.
   */
  private static List<RemoveRelease> removals(
      ObservedHost observed,
      String target,
      String liveName,
      int keepReleases,
      Set<String> failedInEnvironment) {
    List<RemoveRelease> removals = new ArrayList<>();
    // A release a process still runs (a Celery worker draining its tasks) stays until it exits.
    Set<String> running = observed.processes().runningReleases();
    List<ObservedRelease> newestFirst =
        observed.releases().stream()
            .filter(r -> ReleaseLayout.RELEASE_NAME.matcher(r.name()).matches())
            .filter(r -> !r.name().equals(target) && !r.name().equals(liveName))
            .filter(r -> !running.contains(r.name()))
            .sorted(Comparator.comparing(ObservedRelease::name).reversed())
            .toList();

    Set<String> kept = new LinkedHashSet<>();
    kept.add(target);
    if (observed.live().filter(ObservedRelease::isComplete).isPresent()) {
      kept.add(liveName);
    }
    boolean newestFailedKept = false;
    // Complete but never live here (held back, or another deployer's): kept only in the room the
    // releases that were live leave.
    List<String> neverLive = new ArrayList<>();
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
          if (failedInEnvironment.contains(release.name())) {
            removals.add(new RemoveRelease(release.name(), Why.FAILED_ELSEWHERE));
          } else if (!observed.wasLive(release.name())) {
            neverLive.add(release.name());
          } else if (kept.size() < keepReleases) {
            kept.add(release.name());
          } else {
            removals.add(new RemoveRelease(release.name(), Why.RETENTION));
          }
        }
      }
    }
    for (String release : neverLive) {
      if (kept.size() < keepReleases) {
        kept.add(release);
      } else {
        removals.add(new RemoveRelease(release, Why.NEVER_LIVE));
      }
    }
    return removals;
  }
}
