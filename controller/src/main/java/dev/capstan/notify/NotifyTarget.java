package dev.capstan.notify;

import dev.capstan.model.NotifySpec;
import java.net.URI;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * One resolved {@code notify[]} entry: its URL and secret read from their sources. Both are
 * secrets: {@link #toString} and {@link #name} say only the index and format, {@code notify[0]
 * (slack)}.
 */
public final class NotifyTarget {

  private final int index;
  private final NotifySpec.Format format;
  private final URI url;
  private final Set<NotificationEvent> events;
  private final byte[] secret;

  /**
   * @param index the entry's index in {@code notify}
   * @param url the webhook, http or https
   * @param events the events sent to it
   * @param secret the HMAC key; null for unsigned bodies
   */
  public NotifyTarget(
      int index, NotifySpec.Format format, URI url, Set<NotificationEvent> events, byte[] secret) {
    this.index = index;
    this.format = Objects.requireNonNull(format, "format");
    this.url = Objects.requireNonNull(url, "url");
    String scheme = url.getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme)) {
      // The URL itself is secret: say what is wrong with it without repeating it.
      throw new IllegalArgumentException(name() + ": the url must start with http:// or https://");
    }
    this.events = events.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(events));
    this.secret = secret == null ? null : secret.clone();
  }

  /**
   * The target of {@code spec} with its URL and secret already read (the text of the files or
   * Secret keys, trailing newlines stripped by the caller or here).
   */
  public static NotifyTarget of(int index, NotifySpec spec, String url, String secret) {
    Set<NotificationEvent> events = EnumSet.noneOf(NotificationEvent.class);
    spec.events().forEach(e -> events.add(NotificationEvent.ofWire(e)));
    URI uri;
    try {
      uri = URI.create(url.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "notify[" + index + "] (" + spec.format().wire() + "): the url is not a valid URL");
    }
    byte[] key =
        secret == null ? null : secret.strip().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return new NotifyTarget(index, spec.format(), uri, events, key);
  }

  /** How logs, status and the ledger name it: {@code notify[0] (slack)}. */
  public String name() {
    return "notify[" + index + "] (" + format.wire() + ")";
  }

  public int index() {
    return index;
  }

  public NotifySpec.Format format() {
    return format;
  }

  public boolean wants(NotificationEvent event) {
    return events.contains(event);
  }

  URI url() {
    return url;
  }

  byte[] secret() {
    return secret == null ? null : secret.clone();
  }

  @Override
  public String toString() {
    return name();
  }
}
