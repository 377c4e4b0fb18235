package dev.capstan.model;

import java.time.Duration;
import java.util.List;

/**
 * How an Application's dependencies are kept up: where newer versions are looked up (from the host,
 * as its pip would), which advisories are matched against what each live release installed, how
 * often, and what must pass before an upgrade is proposed.
 *
 * @param index a PEP 503 simple index or a findLinks folder on the host; null: none is looked up
 * @param advisories a folder of OSV records (or an osv.dev {@code all.zip}) on the controller,
 *     relative to the YAML file; null: none are matched
 * @param interval how often the index is asked (not in the drift round)
 * @param test the commands, run in the upgrade's scratch release, that must exit 0
 */
public record UpkeepSpec(Index index, String advisories, Duration interval, List<String> test) {

  public static final Duration DEFAULT_INTERVAL = Duration.ofHours(24);

  public UpkeepSpec {
    test = List.copyOf(test);
  }

  /** Exactly one of {@code url} (an http(s) simple index) and {@code findLinks} (a folder). */
  public record Index(String url, String findLinks) {}
}
