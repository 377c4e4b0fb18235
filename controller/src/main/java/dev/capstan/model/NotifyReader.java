package dev.capstan.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads and checks an Environment's {@code notify}. */
final class NotifyReader {

  private static final Set<String> FIELDS = Set.of("url", "format", "events", "secret");

  private NotifyReader() {}

  /** The spec's {@code notify} targets, in order; empty when absent. Wrong items are reported. */
  static List<NotifySpec> read(MapReader spec) {
    List<NotifySpec> targets = new ArrayList<>();
    for (MapReader.Field item : spec.items("notify", false)) {
      Optional<MapReader> target = spec.asMapping(item);
      target.map(NotifyReader::target).ifPresent(targets::add);
    }
    return targets;
  }

  private static NotifySpec target(MapReader target) {
    target.allowOnly(FIELDS);
    MapReader urlReader = target.requiredMapping("url");
    SecretSource url = urlReader == null ? null : SecretSources.read(urlReader, Set.of());
    NotifySpec.Format format = target.requiredString("format", NotifyReader::format);
    List<String> events =
        target.has("events") ? target.strings("events", NotifyReader::event) : NotifySpec.EVENTS;
    SecretSource secret = SecretSources.read(target, "secret", null);
    boolean secretWrong = target.has("secret") && secret == null;
    if (url == null || format == null || secretWrong) {
      return null;
    }
    return new NotifySpec(url, format, events, secret);
  }

  private static NotifySpec.Format format(String text) {
    for (NotifySpec.Format format : NotifySpec.Format.values()) {
      if (format.wire().equals(text)) {
        return format;
      }
    }
    throw new InvalidValueException("must be generic or slack, not " + Messages.quote(text));
  }

  private static String event(String text) {
    if (NotifySpec.EVENTS.contains(text)) {
      return text;
    }
    String hint = Suggestions.didYouMean(text, Set.copyOf(NotifySpec.EVENTS));
    throw new InvalidValueException(
        "unknown event " + Messages.quote(text) + hint + "; one of " + NotifySpec.EVENTS);
  }
}
