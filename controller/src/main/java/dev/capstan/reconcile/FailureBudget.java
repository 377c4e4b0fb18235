package dev.capstan.reconcile;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How many hosts may fail over a whole rollout ({@code rollout.maxFailed}): counted across every
 * wave, never per batch (Ansible's {@code max_fail_percentage} counts per batch, so a rollout of
 * many small batches never stops). A host counts once however often it fails; an unreachable host
 * counts like any other. Pure.
 */
final class FailureBudget {

  private final int maxFailed;
  private final Map<String, String> failed = new LinkedHashMap<>();

  FailureBudget(int maxFailed) {
    this.maxFailed = Math.max(0, maxFailed);
  }

  /** {@code host} failed, for {@code why}; the first reason given for a host is kept. */
  void failed(String host, String why) {
    failed.putIfAbsent(host, why);
  }

  int count() {
    return failed.size();
  }

  /** More hosts failed than {@code maxFailed} allows: the rollout stops. */
  boolean exceeded() {
    return failed.size() > maxFailed;
  }

  /** {@code 2 hosts failed, more than maxFailed 1 allows: a: why; b: why}. */
  String describe() {
    StringBuilder text =
        new StringBuilder()
            .append(failed.size())
            .append(failed.size() == 1 ? " host failed" : " hosts failed")
            .append(exceeded() ? ", more than maxFailed " : ", within maxFailed ")
            .append(maxFailed)
            .append(exceeded() ? " allows" : "");
    // The hosts only: each one's own reason is its line in the summary and status.
    text.append(": ").append(String.join(", ", failed.keySet()));
    return text.toString();
  }
}
