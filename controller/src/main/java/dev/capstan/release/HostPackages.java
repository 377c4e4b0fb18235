package dev.capstan.release;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.capstan.host.HostException;
import dev.capstan.host.RemoteHost;
import dev.capstan.remote.Protocol.Marker;
import dev.capstan.remote.RemoteScript;
import dev.capstan.remote.ScriptOutput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the recorded packages of releases on a host, in one command for all of them, and keeps what
 * it read: a release never changes once built, so each is read once per controller. Pass only
 * complete releases (a live one, say): one still building has no record yet and would be kept as
 * unknown.
 */
public final class HostPackages {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  /** A release on a host: its name is unique only under one deploy path of one host. */
  private record Key(String host, String deployPath, String release) {}

  private final Cache<Key, ReleasePackages> cache;

  /** A reader that keeps at most {@code maximumReleases} releases' packages. */
  public HostPackages(long maximumReleases) {
    this.cache = Caffeine.newBuilder().maximumSize(maximumReleases).build();
  }

  public HostPackages() {
    this(10_000);
  }

  /**
   * The packages of each of {@code releases} under {@code layout} on {@code host}, in their order;
   * one command for those not read before, none when all were.
   */
  public Map<String, ReleasePackages> read(
      RemoteHost host, ReleaseLayout layout, List<String> releases)
      throws HostException, StepFailedException {
    Map<String, ReleasePackages> found = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    for (String release : releases) {
      ReleasePackages cached = cache.getIfPresent(key(host, layout, release));
      if (cached == null) {
        missing.add(release);
      }
      found.put(release, cached);
    }
    if (!missing.isEmpty()) {
      for (ReleasePackages packages : readNow(host, layout, missing)) {
        cache.put(key(host, layout, packages.release()), packages);
        found.put(packages.release(), packages);
      }
    }
    return found;
  }

  /** Reads {@code releases}' records in one command, the cache left alone. */
  public static List<ReleasePackages> readNow(
      RemoteHost host, ReleaseLayout layout, List<String> releases)
      throws HostException, StepFailedException {
    RemoteScript script =
        StepRunner.add(RemoteScript.create(), List.of(PackageSteps.read(layout, releases)));
    ScriptOutput output = script.run(host, TIMEOUT);
    if (!output.succeeded()) {
      throw output
          .failure()
          .map(step -> new StepFailedException(host.name(), step))
          .orElseGet(
              () ->
                  new StepFailedException(
                      host.name(), "packages", "exit status " + output.exitStatus()));
    }
    return parse(output, releases);
  }

  /** The records of a script that ran {@link PackageSteps#read}, one per release asked for. */
  static List<ReleasePackages> parse(ScriptOutput output, List<String> releases) {
    Map<String, ReleasePackages> byName = new LinkedHashMap<>();
    for (String record : output.all(Marker.RELEASE_PACKAGES)) {
      String[] fields = record.strip().split(" ", 2);
      if (fields.length < 2 || !releases.contains(fields[0])) {
        continue;
      }
      String release = fields[0];
      if (fields[1].equals("-")) {
        byName.put(release, ReleasePackages.unknown(release));
      } else {
        try {
          byName.put(release, new ReleasePackages(release, PackageInventory.parse(fields[1])));
        } catch (IllegalArgumentException e) {
          throw new IllegalStateException("release " + release + ": " + e.getMessage(), e);
        }
      }
    }
    List<ReleasePackages> all = new ArrayList<>();
    for (String release : releases) {
      ReleasePackages packages = byName.get(release);
      if (packages == null) {
        throw new IllegalStateException("the host sent no packages record for " + release);
      }
      all.add(packages);
    }
    return all;
  }

  private static Key key(RemoteHost host, ReleaseLayout layout, String release) {
    return new Key(host.name(), layout.deployPath(), release);
  }
}
