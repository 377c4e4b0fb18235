package dev.capstan.reconcile;

import dev.capstan.host.HostException;
import dev.capstan.migrations.MigrationPlan;
import dev.capstan.model.RolloutSpec;
import dev.capstan.release.Action;
import dev.capstan.release.HostDeployer;
import dev.capstan.release.MigrationSteps;
import dev.capstan.release.StepFailedException;
import java.util.ArrayList;
import java.util.List;

/**
 * Migrates once, on the first host that switches, then switches the hosts in waves: {@code
 * rollout.canary} hosts first, then {@code maxParallel} at a time, each wave watched for {@code
 * pause} before the next. A stopped rollout sends the hosts it switched back and holds back every
 * host not yet switched; the pass goes on to relink and prune.
 */
final class SwitchInBatches implements PassStep {

  @Override
  public Next run(PassState pass) {
    List<HostRun> switching =
        pass.changing().stream()
            .filter(HostRun::usable)
            .filter(h -> h.plan().switchRelease().isPresent())
            .toList();
    pass.switched(migrate(pass, switching) && switchAll(pass, switching));
    return Next.CONTINUE;
  }

  private static boolean migrate(PassState pass, List<HostRun> switching) {
    if (switching.isEmpty() || pass.recipe().migrateSteps().isEmpty()) {
      return true;
    }
    // The first with role migrate, if any has it; else the first host that switches.
    HostRun first =
        switching.stream()
            .filter(
                h -> pass.inputs().environment().spec().hostSpec(h.address()).hasRole("migrate"))
            .findFirst()
            .orElse(switching.get(0));
    try {
      String refused = migrationsLacking(pass, first);
      if (refused != null) {
        pass.failed(first, new StepFailedException(first.name(), "migrations check", refused));
        pass.holdBack(pass.changing(), first.name() + ": " + refused);
        return false;
      }
      String unsaved = backUpFirst(pass, first);
      if (unsaved != null) {
        String why = "no migration without a verified backup: " + unsaved;
        pass.failed(first, new StepFailedException(first.name(), "backup", why));
        pass.holdBack(pass.changing(), first.name() + ": " + why);
        return false;
      }
      pass.deployer(first).migrate(first.plan().target());
      return true;
    } catch (StepFailedException | HostException e) {
      pass.failed(first, e);
      pass.holdBack(pass.changing(), first.name() + " failed to migrate");
      return false;
    }
  }

  /**
   * With {@code backup.beforeMigrate}, a backup of the database, taken and verified on the host
   * that migrates before it does. Null when done (or not asked for), else why not: then nothing
   * migrates and no host switches.
   */
  private static String backUpFirst(PassState pass, HostRun first) throws HostException {
    DatabaseBackups backups =
        DatabaseBackups.on(
            first.connection(),
            pass.inputs().application(),
            pass.inputs().environment(),
            first.address(),
            pass.inputs().databaseUrl(),
            pass.inputs().settings().timeouts().build(),
            pass.inputs().settings().clock(),
            pass.progress());
    if (backups == null || !backups.spec().beforeMigrate()) {
      return null;
    }
    String release = first.plan().target();
    return backups
        .backUp(release, pass.inputs().desired().commit(), "before migrating in " + release)
        .failure();
  }

  /**
   * A switch to a release the hosts have already (a pin, a revision set back) may go back past
   * migrations the database has; the migrate steps of that older release cannot reverse them, as it
   * lacks their files. Then nothing switches, and the message says to use {@code rollback}, which
   * reverses them first. Null when the switch may go on.
   */
  private static String migrationsLacking(PassState pass, HostRun first)
      throws StepFailedException, HostException {
    dev.capstan.model.DjangoSpec django = pass.inputs().application().spec().django();
    if (django == null
        || !django.migrate()
        || first.observed().live().isEmpty()
        || first.built(first.plan().target())) {
      return null;
    }
    String target = first.plan().target();
    MigrationPlan plan;
    try {
      plan =
          MigrationPlan.classify(
              pass.deployer(first)
                  .migrationsLacking(new MigrationSteps(pass.recipe(), django), target),
              false);
    } catch (StepFailedException unknown) {
      // Built before Capstan recorded migrations: nothing to compare with, as before.
      pass.progress().progress(first.name(), "cannot compare migrations: " + unknown.getMessage());
      return null;
    }
    if (plan.verdict() == MigrationPlan.Verdict.SAFE) {
      return null;
    }
    return target
        + " lacks migrations the database has ("
        + plan.describe()
        + "): nothing was switched; capstan rollback --to "
        + target
        + " reverses them first";
  }

  /**
   * Switches the hosts wave by wave (see {@link Waves}); after each wave, with a {@code pause}, the
   * hosts switched so far are watched (see {@link WaveWatch}). The rollout stops when more hosts
   * failed than {@code maxFailed} allows, counted over the whole fleet (an unreachable host too),
   * or when a watched host turned unhealthy: then the hosts it switched go back (see {@link
   * WaveRollback}) and the hosts of later waves never switch. True when every host switched.
   */
  private static boolean switchAll(PassState pass, List<HostRun> switching) {
    RolloutSpec rollout = pass.inputs().environment().spec().rollout();
    FailureBudget budget = new FailureBudget(rollout.maxFailed());
    for (HostRun host : pass.hosts()) {
      if (!host.usable()) {
        String why = host.message() == null ? String.valueOf(host.state()) : host.message();
        budget.failed(host.name(), why);
        host.verdict(WaveVerdict.FAILED, why);
      }
    }
    List<Waves.Wave<HostRun>> waves = Waves.of(switching, rollout);
    waves.forEach(wave -> wave.hosts().forEach(host -> host.wave(wave.index())));
    List<HostRun> switched = new ArrayList<>();
    WindowsDuringRollout windows = WindowsDuringRollout.at(pass.inputs().environment().spec());
    for (Waves.Wave<HostRun> wave : waves) {
      List<HostRun> later = laterThan(waves, wave);
      String closed = wave.position() > 1 ? windows.closedSinceStart() : null;
      if (closed != null) {
        // The wave in flight finished; no new one starts until the window lets it (not failed).
        pass.progress().progress(WaveWatch.ROLLOUT, "no new wave: " + closed);
        concat(wave.hosts(), later).forEach(host -> host.verdict(WaveVerdict.NOT_REACHED, null));
        return false;
      }
      if (pass.inputs().pinsMoved().getAsBoolean()) {
        // A rollback (or pin, or veto) came while this pass planned: switching now could undo it.
        stop(
            pass,
            concat(wave.hosts(), later),
            "the pins changed during this pass: the next one follows them");
        return false;
      }
      pass.each(wave.hosts(), host -> switchHost(pass, host), pass::failed);
      for (HostRun host : wave.hosts()) {
        if (host.state() == HostState.Ready) {
          switched.add(host);
          host.verdict(WaveVerdict.SWITCHED, null);
        } else {
          budget.failed(host.name(), host.message());
          host.verdict(WaveVerdict.FAILED, host.message());
        }
        // Only where waves mean something (as plan shows them); a failure's own message is the
        // host's line in the summary: named once, not here too.
        if (waves.size() > 1 || rollout.watched()) {
          boolean ok = host.state() == HostState.Ready;
          pass.progress()
              .progress(
                  host.name(), wave.label() + ": " + (ok ? host.verdict() : WaveVerdict.FAILED));
        }
      }
      String stop = budget.exceeded() ? budget.describe() : null;
      if (stop == null && !rollout.pause().isZero()) {
        stop = WaveWatch.watch(pass, wave, switched, rollout.pause());
        if (stop == null) {
          switched.forEach(h -> h.verdict(WaveVerdict.HEALTHY, null));
        }
      }
      if (stop != null) {
        stop(pass, later, stop);
        WaveRollback.rollBack(pass, switched, stop);
        return false;
      }
    }
    return budget.count() == 0;
  }

  /** The rollout stopped before {@code waiting}'s waves: they never switch, and say why. */
  private static void stop(PassState pass, List<HostRun> waiting, String why) {
    pass.progress().progress(WaveWatch.ROLLOUT, "rollout stopped: " + why);
    pass.holdBack(waiting, why);
    for (HostRun host : waiting) {
      host.verdict(WaveVerdict.NOT_REACHED, null);
      pass.progress().progress(host.name(), "not reached"); // why: the line just before
    }
  }

  private static List<HostRun> laterThan(
      List<Waves.Wave<HostRun>> waves, Waves.Wave<HostRun> wave) {
    return waves.subList(wave.position(), waves.size()).stream()
        .flatMap(w -> w.hosts().stream())
        .toList();
  }

  private static List<HostRun> concat(List<HostRun> first, List<HostRun> second) {
    List<HostRun> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }

  private static void switchHost(PassState pass, HostRun host) throws HostException {
    pass.markChanged();
    Action.SwitchRelease action = host.plan().switchRelease().orElseThrow();
    Change change = switchReason(host, action);
    host.changed(change.kind(), change.text());
    HostDeployer deployer = pass.deployer(host);
    HostDeployer.SwitchOutcome outcome =
        deployer.switchTo(action, pass.desired(), pass.switchedBy());
    host.services(deployer.serviceStates(outcome.live()));
    if (outcome.healthy()) {
      host.live(outcome.live(), pass.desired().commit());
      host.ready("switched to " + outcome.live());
    } else if (!outcome.live().equals(action.release())) {
      host.live(
          outcome.live(),
          host.observed().release(outcome.live()).map(r -> r.commit()).orElse(null));
      host.failedCommit(Reason.RolledBack, pass.desired().commit(), outcome.failure());
    } else {
      host.live(outcome.live(), pass.desired().commit());
      host.failedCommit(
          Failures.ofStep(Failures.stepOf(outcome.failure()), false),
          pass.desired().commit(),
          outcome.failure());
    }
  }

  /** Why {@code current} moved, in the words drift reports use. */
  private static Change switchReason(HostRun host, Action.SwitchRelease action) {
    String before = host.observed().currentTarget();
    if (host.plan().build().isPresent()) {
      return new Change(
          Change.Kind.OTHER,
          before == null
              ? "switched to " + action.release()
              : "switched from " + before + " to " + action.release());
    }
    return before == null
        ? new Change(
            Change.Kind.CURRENT_MISSING, "current was missing; switched to " + action.release())
        : new Change(
            Change.Kind.CURRENT_MOVED,
            "current pointed at " + before + "; switched to " + action.release());
  }
}
