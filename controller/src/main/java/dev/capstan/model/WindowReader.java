package dev.capstan.model;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads and checks an Environment's {@code windows}. */
final class WindowReader {

  private static final Set<String> FIELDS = Set.of("kind", "schedule", "duration", "timeZone");

  private WindowReader() {}

  /** The spec's {@code windows}, in order; empty when absent. Wrong items are reported. */
  static List<WindowSpec> read(MapReader spec) {
    List<WindowSpec> windows = new ArrayList<>();
    for (MapReader.Field item : spec.items("windows", false)) {
      Optional<MapReader> window = spec.asMapping(item);
      window.map(WindowReader::window).ifPresent(windows::add);
    }
    return windows;
  }

  private static WindowSpec window(MapReader window) {
    window.allowOnly(FIELDS);
    WindowSpec.Kind kind = window.requiredString("kind", WindowReader::kind);
    String schedule = window.requiredString("schedule", BackupReader::cron);
    Duration duration = null;
    if (window.has("duration")) {
      duration = window.duration("duration", null);
    } else {
      window.requiredString("duration", text -> text);
    }
    ZoneId zone = window.string("timeZone", ZoneId.of("UTC"), WindowReader::zone);
    if (kind == null || schedule == null || duration == null || zone == null) {
      return null;
    }
    return new WindowSpec(kind, schedule, duration, zone);
  }

  private static WindowSpec.Kind kind(String text) {
    for (WindowSpec.Kind kind : WindowSpec.Kind.values()) {
      if (kind.wire().equals(text)) {
        return kind;
      }
    }
    throw new InvalidValueException("must be allow or deny, not " + Messages.quote(text));
  }

  /** An IANA zone like {@code Europe/Berlin}, or {@code UTC}. */
  static ZoneId zone(String text) {
    try {
      return ZoneId.of(text);
    } catch (DateTimeException e) {
      throw new InvalidValueException(
          "must be an IANA time zone like Europe/Berlin or UTC, not " + Messages.quote(text));
    }
  }
}
