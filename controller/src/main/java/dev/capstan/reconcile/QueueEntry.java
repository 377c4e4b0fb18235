package dev.capstan.reconcile;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One key's state in a {@link WorkQueue}: the triggers waiting for its next run, its failures so
 * far, and its one pending delayed add (the earliest asked for, carrying the triggers of all).
 * Guarded by the queue's lock.
 */
final class QueueEntry {

  /** A pending delayed add: when it is due and the triggers it carries. */
  static final class Delayed {
    private final long dueNanos;
    private final Set<String> triggers = new LinkedHashSet<>();
    private Runnable cancel;

    private Delayed(long dueNanos) {
      this.dueNanos = dueNanos;
    }
  }

  /** Called by the timer when a delayed add is due (under no lock). */
  interface Due {
    void fire(Delayed delayed);
  }

  final Set<String> triggers = new LinkedHashSet<>();
  int failures;
  boolean queued;
  private Delayed delayed;

  /**
   * Adds {@code trigger} after {@code delay}: to the pending delayed add when that is due no later,
   * else to a new one, due sooner, that takes over the pending one's triggers.
   */
  void addDelayed(String trigger, Duration delay, QueueScheduler scheduler, Due due) {
    long dueNanos = scheduler.nanoTime() + delay.toNanos();
    Delayed current = delayed;
    if (current != null && current.dueNanos - dueNanos <= 0) {
      current.triggers.add(trigger);
      return;
    }
    Delayed next = new Delayed(dueNanos);
    if (current != null) {
      current.cancel.run();
      next.triggers.addAll(current.triggers);
    }
    next.triggers.add(trigger);
    delayed = next;
    next.cancel = scheduler.schedule(delay, () -> due.fire(next));
  }

  /**
   * Moves a due delayed add's triggers to the waiting ones; false when it is no longer this entry's
   * pending add (cancelled or replaced meanwhile).
   */
  boolean takeDue(Delayed due) {
    if (delayed != due) {
      return false;
    }
    delayed = null;
    triggers.addAll(due.triggers);
    return true;
  }

  void cancelDelayed() {
    if (delayed != null) {
      delayed.cancel.run();
      delayed = null;
    }
  }
}
