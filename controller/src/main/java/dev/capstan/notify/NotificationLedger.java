package dev.capstan.notify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What was sent, kept in a small JSON file in the state folder so that a restarted controller does
 * not send a key twice: per target (by {@link NotifyTarget#name}) the keys done with (delivered or
 * given up), the notifications still queued and the latest {@link DeliveryResult}. Written whole,
 * atomically (temp file, rename).
 */
public final class NotificationLedger {

  /** Keys remembered per target; the oldest are forgotten first. */
  static final int KEPT_KEYS = 1000;

  private final Path file;
  private final Map<String, Set<String>> sent = new LinkedHashMap<>();
  private final Map<String, DeliveryResult> last = new LinkedHashMap<>();
  private final Map<String, Map<String, Notification>> pending = new LinkedHashMap<>();

  private NotificationLedger(Path file) {
    this.file = file;
  }

  /** The ledger kept in {@code file}; empty when the file does not exist yet. */
  public static NotificationLedger open(Path file) throws IOException {
    NotificationLedger ledger = new NotificationLedger(file);
    if (Files.exists(file)) {
      Stored stored = Json.MAPPER.readValue(file.toFile(), Stored.class);
      if (stored.targets() != null) {
        stored
            .targets()
            .forEach(
                (name, entry) -> {
                  if (entry.sent() != null) {
                    ledger.sent.put(name, new LinkedHashSet<>(entry.sent()));
                  }
                  if (entry.last() != null) {
                    ledger.last.put(name, entry.last());
                  }
                  if (entry.pending() != null) {
                    Map<String, Notification> queued = new LinkedHashMap<>();
                    entry.pending().forEach(n -> queued.put(n.key(), n));
                    ledger.pending.put(name, queued);
                  }
                });
      }
    }
    return ledger;
  }

  /** Whether {@code key} is done with for the target. */
  public synchronized boolean isDone(String target, String key) {
    return sent.getOrDefault(target, Set.of()).contains(key);
  }

  /**
   * Remembers a notification queued for the target until its delivery is final, so that a
   * controller restarted meanwhile still sends it.
   */
  public synchronized void queue(String target, Notification notification) {
    pending
        .computeIfAbsent(target, t -> new LinkedHashMap<>())
        .put(notification.key(), notification);
    save();
  }

  /** The notifications queued for the target and not yet final, oldest first. */
  public synchronized List<Notification> queued(String target) {
    return List.copyOf(pending.getOrDefault(target, Map.of()).values());
  }

  /** Records the target's latest attempt; when it is final, the key is done with. */
  public synchronized void record(String target, DeliveryResult result) {
    last.put(target, result);
    if (result.outcome() != DeliveryResult.Outcome.RETRYING) {
      pending.getOrDefault(target, new LinkedHashMap<>()).remove(result.key());
      Set<String> keys = sent.computeIfAbsent(target, t -> new LinkedHashSet<>());
      keys.add(result.key());
      while (keys.size() > KEPT_KEYS) {
        keys.remove(keys.iterator().next());
      }
    }
    save();
  }

  /** The target's latest attempt, if any. */
  public synchronized Optional<DeliveryResult> last(String target) {
    return Optional.ofNullable(last.get(target));
  }

  private void save() {
    Map<String, Entry> targets = new LinkedHashMap<>();
    Set<String> names = new LinkedHashSet<>(sent.keySet());
    names.addAll(last.keySet());
    names.addAll(pending.keySet());
    for (String name : names) {
      List<String> keys = new ArrayList<>(sent.getOrDefault(name, Set.of()));
      List<Notification> queued = new ArrayList<>(pending.getOrDefault(name, Map.of()).values());
      targets.put(name, new Entry(keys, last.get(name), queued));
    }
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path temp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
      Files.writeString(temp, Json.write(new Stored(targets)), StandardCharsets.UTF_8);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the notification ledger " + file, e);
    }
  }

  record Stored(Map<String, Entry> targets) {}

  record Entry(List<String> sent, DeliveryResult last, List<Notification> pending) {}
}
