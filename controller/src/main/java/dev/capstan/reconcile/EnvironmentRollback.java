package dev.capstan.reconcile;

import dev.capstan.host.HostConnector;
import dev.capstan.host.SshCredentials;
import dev.capstan.model.Application;
import dev.capstan.model.Environment;
import dev.capstan.model.HostAddress;
import dev.capstan.model.Pin;
import dev.capstan.release.HostRollback;
import dev.capstan.release.ObservedRelease;
import dev.capstan.release.ProgressListener;
import dev.capstan.release.RollbackOutcome;
import dev.capstan.release.RollbackTarget;
import dev.capstan.release.SwitchedBy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;

/**
 * {@code capstan rollback} on one Environment: every host back to a retained release, in batches of
 * {@code rollout.maxParallel}, each host in one remote command ({@link HostRollback}); the
 * migrating host of a Django app alone first, its database's migrations reversed before it switches
 * (or the rollback refused). Then the Environment is pinned there and the commit it left vetoed, so
 * that neither {@code apply} nor a running controller deploys it again. The commit left is vetoed
 * before any host switches: a controller that planned meanwhile cannot undo the rollback.
 */
final class EnvironmentRollback {

  private final HostConnector connector;
  private final Rollout.Settings settings;
  private final ExecutorService executor;

  EnvironmentRollback(
      HostConnector connector, Rollout.Settings settings, ExecutorService executor) {
    this.connector = connector;
    this.settings = settings;
    this.executor = executor;
  }

  /**
   * What was asked.
   *
   * @param target which release, as each host of the first batch is to pick it
   * @param leaving the commit the Environment runs now and is left (vetoed), null when unknown
   * @param reason why, for the pin, the veto and {@code revisions.log}; or null
   * @param by who rolls back
   * @param allowIrreversible switch even when the database has migrations that cannot be reversed
   * @param dryRun only ask each host what it would pick: nothing changes, no lock is taken
   */
  record Request(
      RollbackTarget target,
      String leaving,
      String reason,
      SwitchedBy by,
      boolean allowIrreversible,
      boolean dryRun) {

    String reasonOrDefault() {
      return reason == null || reason.isBlank() ? "rolled back" : reason;
    }
  }

  /** A regular pass over the Environment as given (with the rollback's pin in force). */
  @FunctionalInterface
  interface Converge {
    RolloutReport pass(Environment pinned);
  }

  /**
   * Rolls back, then brings the hosts that lacked the release there with {@code converge}: built
   * from the mirror. A commit no host has any more is built everywhere the same way when the mirror
   * (or the Git server) has it; otherwise the rollback is refused and changes nothing.
   *
   * @param databaseUrl the backup's database URL read on the controller, or null (a secret)
   */
  RollbackReport run(
      Environment environment,
      Application application,
      SshCredentials ssh,
      Pins pins,
      Request request,
      ProgressListener progress,
      Converge converge,
      String databaseUrl) {
    try (Preconnect connecting =
        Preconnect.start(connector, environment.spec().hosts(), ssh, executor)) {
      HostRollbacks hosts =
          new HostRollbacks(
              connecting, ssh, environment, application, settings, progress, databaseUrl);
      if (request.dryRun()) {
        return preview(environment, hosts, request);
      }
      RollbackReport report = rollBack(environment, hosts, pins, request);
      if (report.commit() != null && !report.toConverge().isEmpty()) {
        return report.withConverged(converge.pass(pinned(environment, pins)));
      }
      return nowhere(report, request.target())
          ? buildEverywhere(environment, pins, request, report, converge)
          : report;
    } catch (Pins.PinsException e) {
      return failed(environment, request, List.of(), e.getMessage());
    }
  }

  private RollbackReport rollBack(
      Environment environment, HostRollbacks hosts, Pins pins, Request request)
      throws Pins.PinsException {
    String leaving = request.leaving();
    boolean vetoedHere =
        leaving != null
            && !request.target().names(leaving)
            && vetoes(environment, pins, leaving, request);
    List<RollbackReport.Host> results = new ArrayList<>();
    List<String> toConverge = new ArrayList<>();
    RollbackTarget target = request.target();
    String commit = null;
    for (List<HostAddress> batch : batches(environment, hosts.migrating())) {
      RollbackTarget wanted = target;
      List<RollbackReport.Host> done =
          inParallel(
              batch, a -> hosts.rollBack(a, wanted, request.by(), request.allowIrreversible()));
      results.addAll(done);
      if (commit == null) {
        commit =
            done.stream()
                .filter(RollbackReport.Host::rolledBack)
                .map(RollbackReport.Host::commit)
                .findFirst()
                .orElse(null);
        if (commit == null) {
          break;
        }
        target = RollbackTarget.commit(commit);
        // What the hosts really left: not known before without a mirror, and not the desired
        // commit when that one failed and is held back. It is vetoed too, with the pin.
        String left = leftCommit(done, commit);
        List<String> vetoes = new ArrayList<>();
        if (left != null && !left.equals(leaving)) {
          if (environment.spec().pins().vetoOf(left) == null) {
            vetoes.add(left);
          }
          leaving = left;
        }
        pins.rollback(environment.name(), commit, request.reasonOrDefault(), vetoes);
      }
      for (RollbackReport.Host result : done) {
        if (result.outcome() != null
            && (result.outcome().result() == RollbackOutcome.Result.NO_TARGET
                || result.rolledBack() && !commit.equals(result.commit()))) {
          toConverge.add(result.host());
        }
      }
      if (done.stream().anyMatch(RollbackReport.Host::stops)) {
        break;
      }
    }
    String error = null;
    if (commit == null) {
      error = refusal(results, request);
      if (vetoedHere) {
        pins.unveto(environment.name(), leaving);
      }
    } else if (results.stream().anyMatch(RollbackReport.Host::stops)) {
      error = "the rollback stopped at a host that failed";
    }
    return new RollbackReport(
        environment.name(), commit, leaving, results, toConverge, error, null);
  }

  /** Why no host rolled back: the migrations refused, or no host had the release. */
  private static String refusal(List<RollbackReport.Host> results, Request request) {
    return results.stream()
        .filter(h -> h.migrations() != null && h.migrations().refuses())
        .findFirst()
        .map(h -> "refused: " + h.migrations().describe())
        .orElse("no host could roll back to " + request.target().describe());
  }

  /**
   * The migrating host alone first (its migrations are dealt with before any host switches), then
   * the others {@code rollout.maxParallel} at a time, in the spec's order.
   */
  private static List<List<HostAddress>> batches(Environment environment, HostAddress first) {
    List<HostAddress> rest = new ArrayList<>(environment.spec().hosts());
    List<List<HostAddress>> batches = new ArrayList<>();
    if (first != null) {
      rest.remove(first);
      batches.add(List.of(first));
    }
    int size = Math.max(1, environment.spec().rollout().maxParallel());
    for (int start = 0; start < rest.size(); start += size) {
      batches.add(List.copyOf(rest.subList(start, Math.min(rest.size(), start + size))));
    }
    return batches;
  }

  /** Asks every host at once what it would pick; nothing changes. */
  private RollbackReport preview(Environment environment, HostRollbacks hosts, Request request) {
    List<RollbackReport.Host> seen =
        inParallel(
            environment.spec().hosts(),
            a -> hosts.preview(a, request.target(), request.allowIrreversible()));
    String commit =
        seen.stream()
            .filter(RollbackReport.Host::rolledBack)
            .map(RollbackReport.Host::commit)
            .findFirst()
            .orElse(null);
    return new RollbackReport(
        environment.name(),
        commit,
        request.leaving(),
        seen,
        List.of(),
        commit == null ? "no host could roll back to " + request.target().describe() : null,
        null);
  }

  /** A commit no host has: built everywhere from the mirror, else refused, taking it all back. */
  private static RollbackReport buildEverywhere(
      Environment environment, Pins pins, Request request, RollbackReport report, Converge converge)
      throws Pins.PinsException {
    String commit = request.target().value();
    boolean vetoed =
        report.leaving() != null
            && !report.leaving().equals(commit)
            && vetoes(environment, pins, report.leaving(), request);
    pins.pin(environment.name(), commit, request.reasonOrDefault(), Pin.BY_ROLLBACK);
    RolloutReport built = converge.pass(pinned(environment, pins));
    if (built.converged()) {
      List<String> all = report.hosts().stream().map(RollbackReport.Host::host).toList();
      return new RollbackReport(
          environment.name(), commit, report.leaving(), report.hosts(), all, null, built);
    }
    pins.unpin(environment.name());
    if (vetoed) {
      pins.unveto(environment.name(), report.leaving());
    }
    return new RollbackReport(
        environment.name(),
        null,
        report.leaving(),
        report.hosts(),
        List.of(),
        "no host has a release of "
            + commit.substring(0, 7)
            + " and it could not be built: "
            + (built.error() != null ? built.error() : "the pass did not converge")
            + "; nothing was changed",
        built);
  }

  /** Whether every host answered that it has no such release, for a full commit asked for. */
  private static boolean nowhere(RollbackReport report, RollbackTarget target) {
    return report.commit() == null
        && "commit".equals(target.kind())
        && target.value().length() == 40
        && !report.hosts().isEmpty()
        && report.hosts().stream()
            .allMatch(
                h ->
                    h.outcome() != null
                        && h.outcome().result() == RollbackOutcome.Result.NO_TARGET);
  }

  private List<RollbackReport.Host> inParallel(
      List<HostAddress> batch, Function<HostAddress, RollbackReport.Host> task) {
    List<CompletableFuture<RollbackReport.Host>> running = new ArrayList<>();
    for (HostAddress address : batch) {
      // Logged from the host's thread with the command's context and the host's name.
      Callable<RollbackReport.Host> call =
          ReconcileLog.carrying(address.toString(), () -> task.apply(address));
      running.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return call.call();
                } catch (Exception e) {
                  return new RollbackReport.Host(address.toString(), null, e.getMessage(), null);
                }
              },
              executor));
    }
    return running.stream().map(CompletableFuture::join).toList();
  }

  /** Vetoes {@code commit} unless it is vetoed already: whether this call did. */
  private static boolean vetoes(Environment environment, Pins pins, String commit, Request request)
      throws Pins.PinsException {
    if (environment.spec().pins().vetoOf(commit) != null
        || pins.read(environment.name()).vetoOf(commit) != null) {
      return false;
    }
    pins.veto(environment.name(), commit, request.reasonOrDefault());
    return true;
  }

  private static Environment pinned(Environment environment, Pins pins) throws Pins.PinsException {
    return new Environment(
        environment.name(),
        environment
            .spec()
            .withPins(environment.spec().pins().overlaidBy(pins.read(environment.name()))),
        environment.baseDir());
  }

  /** The commit of the release the first host that rolled back left, unless it is {@code to}. */
  private static String leftCommit(List<RollbackReport.Host> done, String to) {
    for (RollbackReport.Host host : done) {
      if (host.rolledBack() && host.outcome().left() != null) {
        String left =
            host.outcome()
                .observed()
                .release(host.outcome().left())
                .map(ObservedRelease::commit)
                .orElse(null);
        return to.equals(left) ? null : left;
      }
    }
    return null;
  }

  private static RollbackReport failed(
      Environment environment, Request request, List<RollbackReport.Host> hosts, String error) {
    return new RollbackReport(
        environment.name(), null, request.leaving(), hosts, List.of(), error, null);
  }
}
