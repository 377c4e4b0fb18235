package dev.capstan.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.capstan.remote.Protocol.Marker;
import dev.capstan.remote.RemoteScript;
import dev.capstan.remote.ScriptOutput;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The releases of one host, newest first, with when each was built, whether it is live and when it
 * was switched to and from, by whom and why: read from the releases' {@code release.json} and the
 * last lines of {@code revisions.log}, in one remote command that only {@code history} sends.
 */
public final class ReleaseHistory {

  /** Lines of {@code revisions.log} read back: enough for every retained release, bounded. */
  public static final int LOG_LINES = 200;

  /** The state of a release that {@code revisions.log} names but that is no longer on the host. */
  public static final String REMOVED = "removed";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

  private ReleaseHistory() {}

  /**
   * One release of a host.
   *
   * @param subject the commit's subject from the mirror; null when unknown
   * @param builtAt when its {@code release.json} was last written (complete or failed), else the
   *     time in its name; null when neither says
   * @param state {@code building}, {@code complete}, {@code failed}, {@code unknown} or {@value
   *     #REMOVED}
   * @param switchedAt the last time it was made live; null when {@code revisions.log} does not say
   * @param switchedAwayAt when another release replaced it after that; null when live or unknown
   * @param switchedBy who made it live that last time; null when not recorded
   * @param reason why, when given
   */
  public record Entry(
      String release,
      String commit,
      String subject,
      Instant builtAt,
      String state,
      boolean live,
      Instant switchedAt,
      Instant switchedAwayAt,
      String switchedBy,
      String reason) {

    Entry withSubject(String subject) {
      return new Entry(
          release,
          commit,
          subject,
          builtAt,
          state,
          live,
          switchedAt,
          switchedAwayAt,
          switchedBy,
          reason);
    }
  }

  /**
   * A host's history.
   *
   * @param error why the host could not be read; null when it was
   * @param releases newest first
   */
  public record HostHistory(String host, String error, List<Entry> releases) {

    public HostHistory {
      releases = List.copyOf(releases);
    }

    public static HostHistory unreadable(String host, String error) {
      return new HostHistory(host, error, List.of());
    }

    /** The commits its releases are of. */
    public Set<String> commits() {
      Set<String> commits = new TreeSet<>();
      releases.stream().map(Entry::commit).filter(c -> c != null).forEach(commits::add);
      return commits;
    }

    /** The same history with each commit's subject taken from {@code subjects}, where known. */
    public HostHistory withSubjects(Map<String, String> subjects) {
      return new HostHistory(
          host,
          error,
          releases.stream()
              .map(e -> e.commit() == null ? e : e.withSubject(subjects.get(e.commit())))
              .toList());
    }
  }

  /** What a release's {@code release.json} says. */
  record Built(String release, String commit, String state, Instant updated) {}

  /** The calls that read a host's releases and its switches; nothing else. */
  public static RemoteScript.Fragment fragment(ReleaseLayout layout) {
    return RemoteScript.Fragment.of("capstan_observe", layout.deployPath())
        .then("capstan_history", layout.deployPath(), String.valueOf(LOG_LINES));
  }

  /** The host's history as the fragment's records tell it; other records are ignored. */
  public static HostHistory parse(String host, ScriptOutput output) {
    String current = output.last(Marker.CURRENT).orElse(null);
    List<Built> built =
        output.all(Marker.RELEASE).stream()
            .map(ReleaseHistory::built)
            .filter(b -> ReleaseLayout.RELEASE_NAME.matcher(b.release()).matches())
            .toList();
    List<RevisionsLog.Switch> switches =
        output.all(Marker.REVISION).stream().flatMap(l -> RevisionsLog.parse(l).stream()).toList();
    String live = current == null ? null : ReleaseLayout.releaseNameOf(current.strip());
    return of(host, live, built, switches);
  }

  /** A host's history from its releases on disk and its switches, oldest first. */
  static HostHistory of(
      String host, String live, List<Built> built, List<RevisionsLog.Switch> switches) {
    Map<String, Built> releases = new LinkedHashMap<>();
    built.forEach(b -> releases.put(b.release(), b));
    Map<String, Integer> lastSwitchTo = new HashMap<>();
    for (int i = 0; i < switches.size(); i++) {
      RevisionsLog.Switch s = switches.get(i);
      lastSwitchTo.put(s.release(), i);
      releases.putIfAbsent(s.release(), new Built(s.release(), s.commit(), REMOVED, null));
    }
    List<Entry> entries = new ArrayList<>();
    for (Built b : releases.values()) {
      Integer index = lastSwitchTo.get(b.release());
      RevisionsLog.Switch to = index == null ? null : switches.get(index);
      Instant away = index == null ? null : switchedAway(switches, index);
      String commit = b.commit() != null ? b.commit() : to == null ? null : to.commit();
      entries.add(
          new Entry(
              b.release(),
              commit,
              null,
              b.updated() != null ? b.updated() : stampOf(b.release()),
              b.state(),
              b.release().equals(live),
              to == null ? null : to.at(),
              b.release().equals(live) ? null : away,
              to == null ? null : to.by(),
              to == null ? null : to.reason()));
    }
    // Names start with their pass's second; two passes within one second differ in builtAt.
    entries.sort(
        Comparator.comparing((Entry e) -> e.release().substring(0, 14))
            .thenComparing(Entry::builtAt, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(Entry::release)
            .reversed());
    return new HostHistory(host, null, entries);
  }

  private static Instant switchedAway(List<RevisionsLog.Switch> switches, int index) {
    String release = switches.get(index).release();
    for (int j = index + 1; j < switches.size(); j++) {
      if (!switches.get(j).release().equals(release)) {
        return switches.get(j).at();
      }
    }
    return null;
  }

  private static Built built(String record) {
    int space = record.indexOf(' ');
    String name = space < 0 ? record.strip() : record.substring(0, space);
    String json = space < 0 ? "" : record.substring(space + 1).strip();
    if (json.isEmpty()) {
      return new Built(name, null, ReleaseState.UNKNOWN.wireName(), null);
    }
    try {
      JsonNode node = JSON.readTree(json);
      return new Built(
          name,
          text(node, "commit"),
          ReleaseState.fromWire(text(node, "state")).wireName(),
          instant(text(node, "updated")).orElse(null));
    } catch (IOException e) {
      return new Built(name, null, ReleaseState.UNKNOWN.wireName(), null);
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isTextual() ? value.asText() : null;
  }

  private static Optional<Instant> instant(String text) {
    try {
      return text == null ? Optional.empty() : Optional.of(Instant.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** The UTC time a release's name begins with. */
  static Instant stampOf(String release) {
    if (!ReleaseLayout.RELEASE_NAME.matcher(release).matches()) {
      return null;
    }
    try {
      return LocalDateTime.parse(release.substring(0, 14), STAMP).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
