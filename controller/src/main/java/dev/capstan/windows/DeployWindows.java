package dev.capstan.windows;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.capstan.model.WindowSpec;
import dev.capstan.model.WindowSpec.Kind;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether a rollout may start, Argo CD's sync-window rules: no windows means always; with
 * any allow window only inside one; an active deny beats an active allow. Pure: the caller passes
 * the time.
 *
 * <p>A window is active at t when some firing s of its cron (read in its zone, so DST-correct) has
 * {@code s <= t < s + duration}. The latest firing at or before t decides: an earlier one ends no
 * later.
 */
public final class DeployWindows {

  /** How far ahead {@link WindowVerdict#nextOpenAt} is looked for. */
  public static final Duration HORIZON = Duration.ofDays(366);

  /** Bounds the walk over start and end instants; a minutely window over a year stays below. */
  private static final int MAX_STEPS = 2_000_000;

  private static final CronParser CRON =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  private final List<WindowSpec> windows;
  private final List<ExecutionTime> executions;

  public DeployWindows(List<WindowSpec> windows) {
    this.windows = List.copyOf(windows);
    this.executions = new ArrayList<>();
    for (WindowSpec window : this.windows) {
      executions.add(ExecutionTime.forCron(CRON.parse(window.schedule())));
    }
  }

  /** The verdict at {@code now}. */
  public WindowVerdict at(Instant now) {
    Instant t = now;
    Optional<WindowVerdict> blocked = blocked(t);
    if (blocked.isEmpty()) {
      return WindowVerdict.open(now);
    }
    Instant limit = now.plus(HORIZON);
    for (int step = 0; step < MAX_STEPS; step++) {
      Instant next = nextChange(t);
      if (next == null || next.isAfter(limit)) {
        return withNextOpen(blocked.get(), null);
      }
      t = next;
      if (blocked(t).isEmpty()) {
        return withNextOpen(blocked.get(), t);
      }
    }
    return withNextOpen(blocked.get(), null);
  }

  /** Whether a rollout may start at {@code t}. */
  public boolean permitted(Instant t) {
    return blocked(t).isEmpty();
  }

  private static WindowVerdict withNextOpen(WindowVerdict verdict, Instant nextOpenAt) {
    return new WindowVerdict(false, verdict.blockingIndex(), verdict.blockingWindow(), nextOpenAt);
  }

  /** Why a rollout may not start at t; empty when it may. */
  private Optional<WindowVerdict> blocked(Instant t) {
    int firstAllow = -1;
    boolean allowActive = false;
    for (int i = 0; i < windows.size(); i++) {
      WindowSpec window = windows.get(i);
      boolean active = activeFiring(i, t) != null;
      if (window.kind() == Kind.DENY && active) {
        return Optional.of(new WindowVerdict(false, i, window.describe(), null));
      }
      if (window.kind() == Kind.ALLOW) {
        firstAllow = firstAllow < 0 ? i : firstAllow;
        allowActive |= active;
      }
    }
    if (firstAllow >= 0 && !allowActive) {
      String text = "outside " + windows.get(firstAllow).describe();
      return Optional.of(new WindowVerdict(false, firstAllow, text, null));
    }
    return Optional.empty();
  }

  /** The window's latest firing s with {@code s <= t < s + duration}; null when inactive. */
  private Instant activeFiring(int i, Instant t) {
    Instant latest = latestFiring(i, t);
    return latest != null && t.isBefore(latest.plus(windows.get(i).duration())) ? latest : null;
  }

  /** The latest firing at or before t; null when there is none. */
  private Instant latestFiring(int i, Instant t) {
    ZonedDateTime at = t.atZone(windows.get(i).timeZone());
    ZonedDateTime minute = at.truncatedTo(ChronoUnit.MINUTES);
    if (executions.get(i).isMatch(minute)) {
      return minute.toInstant();
    }
    return executions.get(i).lastExecution(at).map(ZonedDateTime::toInstant).orElse(null);
  }

  /** The earliest instant after t when a window starts or an active one ends; null if none. */
  private Instant nextChange(Instant t) {
    Instant next = null;
    for (int i = 0; i < windows.size(); i++) {
      ZonedDateTime at = t.atZone(windows.get(i).timeZone());
      Optional<ZonedDateTime> start = executions.get(i).nextExecution(at);
      if (start.isPresent() && start.get().toInstant().isAfter(t)) {
        next = earlier(next, start.get().toInstant());
      }
      Instant active = activeFiring(i, t);
      if (active != null) {
        next = earlier(next, active.plus(windows.get(i).duration()));
      }
    }
    return next;
  }

  private static Instant earlier(Instant a, Instant b) {
    return a == null || b.isBefore(a) ? b : a;
  }
}
