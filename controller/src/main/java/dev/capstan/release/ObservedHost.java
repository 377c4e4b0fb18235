package dev.capstan.release;

import dev.capstan.services.ObservedProcesses;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the planner needs to know about one host, gathered in one remote command.
 *
 * @param host the host's name as in the spec
 * @param currentTarget raw target of the {@code current} link, null when there is no link
 * @param releases every folder under {@code releases/}, sorted by name (oldest first)
 * @param lock the lease, null when nobody holds it
 * @param hostEpochSecond the host's clock when observed, to judge lock expiry
 * @param unlinkedShared shared paths missing from the live release
 * @param brokenVirtualenvs releases whose {@code venv} lost its interpreter or completion mark
 * @param processes the services' processes and what each was started with
 * @param configFiles per config file path under {@code shared/}, the SHA-256 of its content ({@code
 *     -} when missing)
 * @param wasLive the releases here that {@code current} was switched to once ({@code
 *     revisions.log}): a release never live is no good release to keep or roll back to; null when
 *     not observed (then every complete release counts as once live)
 */
public record ObservedHost(
    String host,
    String currentTarget,
    List<ObservedRelease> releases,
    LockInfo lock,
    long hostEpochSecond,
    List<String> unlinkedShared,
    List<String> brokenVirtualenvs,
    ObservedProcesses processes,
    Map<String, String> configFiles,
    Set<String> wasLive) {

  public ObservedHost {
    wasLive = wasLive == null ? null : Set.copyOf(wasLive);
    releases = List.copyOf(releases);
    unlinkedShared = List.copyOf(unlinkedShared);
    brokenVirtualenvs = List.copyOf(brokenVirtualenvs);
    processes = processes == null ? ObservedProcesses.NONE : processes;
    configFiles = Map.copyOf(configFiles);
  }

  /** A host with no services, config files or switch history observed. */
  public ObservedHost(
      String host,
      String currentTarget,
      List<ObservedRelease> releases,
      LockInfo lock,
      long hostEpochSecond,
      List<String> unlinkedShared,
      List<String> brokenVirtualenvs) {
    this(
        host,
        currentTarget,
        releases,
        lock,
        hostEpochSecond,
        unlinkedShared,
        brokenVirtualenvs,
        ObservedProcesses.NONE,
        Map.of(),
        null);
  }

  /** A host where Capstan never deployed. */
  public static ObservedHost fresh(String host, long hostEpochSecond) {
    return new ObservedHost(host, null, List.of(), null, hostEpochSecond, List.of(), List.of());
  }

  /** The release {@code current} points at, if it points at an existing release folder. */
  public Optional<ObservedRelease> live() {
    String name = ReleaseLayout.releaseNameOf(currentTarget);
    return releases.stream().filter(r -> r.name().equals(name)).findFirst();
  }

  /** This observation with {@code added} among its releases (one a phase just made). */
  public ObservedHost with(ObservedRelease added) {
    List<ObservedRelease> all = new ArrayList<>(releases);
    all.removeIf(r -> r.name().equals(added.name()));
    all.add(added);
    all.sort(Comparator.comparing(ObservedRelease::name));
    return new ObservedHost(
        host,
        currentTarget,
        all,
        lock,
        hostEpochSecond,
        unlinkedShared,
        brokenVirtualenvs,
        processes,
        configFiles,
        wasLive);
  }

  /** This observation without its broken virtualenvs: for recipes that make none. */
  public ObservedHost withoutBrokenVirtualenvs() {
    return new ObservedHost(
        host,
        currentTarget,
        releases,
        lock,
        hostEpochSecond,
        unlinkedShared,
        List.of(),
        processes,
        configFiles,
        wasLive);
  }

  /**
   * This observation with the services' processes and config files of {@code earlier} when it has
   * none of its own: an observation made with the lock sees releases, not processes.
   */
  public ObservedHost withRuntimeOf(ObservedHost earlier) {
    if (earlier == null
        || processes != ObservedProcesses.NONE && !processes.processes().isEmpty()
        || !configFiles.isEmpty()) {
      return this;
    }
    return new ObservedHost(
        host,
        currentTarget,
        releases,
        lock,
        hostEpochSecond,
        unlinkedShared,
        brokenVirtualenvs,
        earlier.processes(),
        earlier.configFiles(),
        wasLive);
  }

  /** Whether {@code current} was switched to {@code release} once (true when not observed). */
  public boolean wasLive(String release) {
    return wasLive == null || wasLive.contains(release);
  }

  public Optional<ObservedRelease> release(String name) {
    return releases.stream().filter(r -> r.name().equals(name)).findFirst();
  }
}
