package dev.capstan.kube;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tells the other replicas of a push. With sharding every member is ready, so the Service hands a
 * webhook to any of them, while the Environments it concerns may be another's. The replica that
 * received it writes it onto its heartbeat Lease ({@link #ANNOTATION}: a number that grows with
 * each push, then the repository URLs, none for "every repository"); every replica reads all
 * heartbeat Leases each step anyway, and hands a push it has not seen to its own Controllers. So a
 * push reaches every shard within two retry periods, with no permission beyond the Leases.
 */
final class PushRelay {

  static final String ANNOTATION = "capstan.dev/last-push";

  /** More URLs than this in the pushes of one step are sent as "every repository". */
  static final int MAX_URLS = 32;

  private final Set<String> pending = new LinkedHashSet<>();
  private boolean pendingAll;
  private long sequence;
  private String written;

  /**
   * Lease name → the number last seen there (0 for none yet); a Lease seen for the first time is
   * only noted, so a replica that joins does not repeat old pushes.
   */
  private final Map<String, Long> seen = new HashMap<>();

  /** A push this replica received; {@code urls} empty for "every repository". */
  synchronized void received(List<String> urls) {
    if (urls.isEmpty()) {
      pendingAll = true;
    } else {
      pending.addAll(urls);
    }
  }

  /**
   * What this replica's heartbeat Lease carries from now: the newest push received, or what it
   * carried before (null before the first).
   */
  synchronized String annotation() {
    if (pendingAll || !pending.isEmpty()) {
      sequence++;
      boolean all = pendingAll || pending.size() > MAX_URLS;
      written = sequence + (all ? "" : " " + String.join(" ", pending));
      pending.clear();
      pendingAll = false;
    }
    return written;
  }

  /**
   * The pushes that other replicas' heartbeat Leases carry and this one has not handed on yet: each
   * a list of URLs, empty for "every repository".
   */
  synchronized List<List<String>> news(List<Lease> memberLeases, String ownLease) {
    List<List<String>> news = new ArrayList<>();
    for (Lease lease : memberLeases) {
      String name = lease.getMetadata().getName();
      Map<String, String> annotations = lease.getMetadata().getAnnotations();
      String value = annotations == null ? null : annotations.get(ANNOTATION);
      if (name.equals(ownLease)) {
        continue;
      }
      String[] parts = value == null ? new String[] {"0"} : value.trim().split(" +");
      long number;
      try {
        number = Long.parseLong(parts[0]);
      } catch (NumberFormatException e) {
        continue;
      }
      Long before = seen.put(name, number);
      if (before != null && before != number) {
        news.add(List.copyOf(Arrays.asList(parts).subList(1, parts.length)));
      }
    }
    return news;
  }
}
