package dev.capstan.reconcile;

import dev.capstan.host.HostConnector;
import dev.capstan.host.RemoteHost;
import dev.capstan.host.SshCredentials;
import dev.capstan.model.Application;
import dev.capstan.model.Environment;
import dev.capstan.model.HostAddress;
import dev.capstan.model.HostSpec;
import dev.capstan.model.Pin;
import dev.capstan.model.RuntimeSpec;
import dev.capstan.release.HostLock;
import dev.capstan.release.HostRollback;
import dev.capstan.release.HostServices;
import dev.capstan.release.ProgressListener;
import dev.capstan.release.Recipe;
import dev.capstan.release.ReleaseLayout;
import dev.capstan.release.SwitchedBy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * {@code capstan rollback} on one Environment: every host back to a retained release, in batches of
 * {@code rollout.maxParallel}, each host in one remote command ({@link HostRollback}); then the
 * Environment pinned there and the commit it left vetoed, so that neither {@code apply} nor a
 * running controller deploys it again. The commit left is vetoed before any host switches: a
 * controller that planned meanwhile cannot undo the rollback.
 */
final class EnvironmentRollback {

  /** Waited between tries while another deployer holds a host's lock. */
  private static final Duration BUSY_PAUSE = Duration.ofMillis(500);

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
   * @param target which release, as each host is to pick it first
   * @param leaving the commit the Environment runs now and is left (vetoed), null when unknown
   * @param reason why, for the pin, the veto and {@code revisions.log}; or null
   * @param by who rolls back
   * @param dryRun only ask each host what it would pick: nothing changes, no lock is taken
   */
  record Request(
      HostRollback.Target target, String leaving, String reason, SwitchedBy by, boolean dryRun) {}

  /** A regular pass over the Environment as given (with the rollback's pin in force). */
  @FunctionalInterface
  interface Converge {
    RolloutReport pass(Environment pinned);
  }

  /**
   * Rolls back, then brings the hosts that lacked the release there with {@code converge}: built
   * from the mirror. A commit no host has any more is built everywhere the same way when the mirror
   * (or the Git server) has it; otherwise the rollback is refused and changes nothing.
   */
  RollbackReport run(
      Environment environment,
      Application application,
      SshCredentials ssh,
      Pins pins,
      Request request,
      ProgressListener progress,
      Converge converge) {
    RollbackReport report = run(environment, application, ssh, pins, request, progress);
    try {
      if (report.commit() != null && !report.toConverge().isEmpty()) {
        return report.withConverged(converge.pass(pinned(environment, pins)));
      }
      if (request.dryRun() || !nowhere(report, request.target())) {
        return report;
      }
      String commit = request.target().value();
      boolean vetoes =
          report.leaving() != null
              && !report.leaving().equals(commit)
              && environment.spec().pins().vetoOf(report.leaving()) == null;
      if (vetoes) {
        pins.veto(environment.name(), report.leaving(), reasonOrDefault(request));
      }
      pins.pin(environment.name(), commit, reasonOrDefault(request), Pin.BY_ROLLBACK);
      RolloutReport built = converge.pass(pinned(environment, pins));
      if (built.converged()) {
        return new RollbackReport(
            environment.name(),
            commit,
            report.leaving(),
            report.hosts(),
            report.hosts().stream().map(RollbackReport.Host::host).toList(),
            null,
            built);
      }
      pins.unpin(environment.name());
      undoVeto(pins, environment, request, vetoes);
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
    } catch (Pins.PinsException e) {
      return failed(environment, request, report.hosts(), e.getMessage());
    }
  }

  /** Whether every host answered that it has no such release, for a full commit asked for. */
  private static boolean nowhere(RollbackReport report, HostRollback.Target target) {
    return report.commit() == null
        && "commit".equals(target.kind())
        && target.value().length() == 40
        && !report.hosts().isEmpty()
        && report.hosts().stream()
            .allMatch(
                h -> h.outcome() != null && h.outcome().result() == HostRollback.Result.NO_TARGET);
  }

  private static Environment pinned(Environment environment, Pins pins) throws Pins.PinsException {
    return new Environment(
        environment.name(),
        environment
            .spec()
            .withPins(environment.spec().pins().overlaidBy(pins.read(environment.name()))),
        environment.baseDir());
  }

  private RollbackReport run(
      Environment environment,
      Application application,
      SshCredentials ssh,
      Pins pins,
      Request request,
      ProgressListener progress) {
    Recipe recipe = Recipe.of(application.spec());
    ReleaseLayout layout = new ReleaseLayout(application.spec().deployPath());
    List<HostAddress> hosts = environment.spec().hosts();
    if (request.dryRun()) {
      return preview(environment, recipe, layout, hosts, ssh, request, progress);
    }
    boolean vetoedHere = false;
    try {
      if (request.leaving() != null
          && environment.spec().pins().vetoOf(request.leaving()) == null) {
        pins.veto(environment.name(), request.leaving(), reasonOrDefault(request));
        vetoedHere = true;
      }
    } catch (Pins.PinsException e) {
      return failed(environment, request, List.of(), e.getMessage());
    }
    int batchSize = Math.max(1, environment.spec().rollout().maxParallel());
    List<RollbackReport.Host> results = new ArrayList<>();
    List<String> toConverge = new ArrayList<>();
    HostRollback.Target target = request.target();
    String commit = null;
    String leaving = request.leaving();
    try (Preconnect connecting = Preconnect.start(connector, hosts, ssh, executor)) {
      for (int start = 0; start < hosts.size(); start += batchSize) {
        List<HostAddress> batch = hosts.subList(start, Math.min(hosts.size(), start + batchSize));
        HostRollback.Target wanted = target;
        List<CompletableFuture<RollbackReport.Host>> running =
            batch.stream()
                .map(
                    address ->
                        CompletableFuture.supplyAsync(
                            () ->
                                rollBack(
                                    connecting,
                                    ssh,
                                    address,
                                    environment,
                                    application,
                                    recipe,
                                    layout,
                                    wanted,
                                    request.by(),
                                    progress),
                            executor))
                .toList();
        List<RollbackReport.Host> done = running.stream().map(CompletableFuture::join).toList();
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
          pins.pin(environment.name(), commit, reasonOrDefault(request), Pin.BY_ROLLBACK);
          target = HostRollback.Target.commit(commit);
          // What the hosts really left: not known before without a mirror, and not the desired
          // commit when that one failed and is held back. It is vetoed too.
          String left = leftCommit(done, commit);
          if (left != null && !left.equals(leaving)) {
            if (environment.spec().pins().vetoOf(left) == null) {
              pins.veto(environment.name(), left, reasonOrDefault(request));
            }
            leaving = left;
          }
        }
        for (RollbackReport.Host result : done) {
          if (result.outcome() != null
              && (result.outcome().result() == HostRollback.Result.NO_TARGET
                  || result.rolledBack() && !commit.equals(result.commit()))) {
            toConverge.add(result.host());
          }
        }
        if (done.stream().anyMatch(RollbackReport.Host::stops)) {
          break;
        }
      }
    } catch (Pins.PinsException e) {
      return failed(environment, request, results, e.getMessage());
    }
    String error = null;
    if (commit == null) {
      error = "no host could roll back to " + request.target().describe();
      undoVeto(pins, environment, request, vetoedHere);
    } else if (results.stream().anyMatch(RollbackReport.Host::stops)) {
      error = "the rollback stopped at a host that failed";
    }
    return new RollbackReport(
        environment.name(), commit, leaving, results, toConverge, error, null);
  }

  /** Asks every host at once what it would pick. */
  private RollbackReport preview(
      Environment environment,
      Recipe recipe,
      ReleaseLayout layout,
      List<HostAddress> hosts,
      SshCredentials ssh,
      Request request,
      ProgressListener progress) {
    try (Preconnect connecting = Preconnect.start(connector, hosts, ssh, executor)) {
      List<RollbackReport.Host> seen =
          hosts.stream()
              .map(
                  address ->
                      CompletableFuture.supplyAsync(
                          () -> {
                            try (RemoteHost host = connecting.open(address, ssh)) {
                              return new RollbackReport.Host(
                                  address.toString(),
                                  new HostRollback(
                                          host,
                                          layout,
                                          recipe,
                                          environment.name(),
                                          settings.timeouts(),
                                          progress,
                                          null,
                                          null)
                                      .preview(request.target()),
                                  null);
                            } catch (Exception e) {
                              return new RollbackReport.Host(
                                  address.toString(), null, e.getMessage());
                            }
                          },
                          executor))
              .toList()
              .stream()
              .map(CompletableFuture::join)
              .toList();
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
  }

  /** The commit of the release the first host that rolled back left, unless it is {@code to}. */
  private static String leftCommit(List<RollbackReport.Host> done, String to) {
    for (RollbackReport.Host host : done) {
      if (host.rolledBack() && host.outcome().left() != null) {
        String left =
            host.outcome()
                .observed()
                .release(host.outcome().left())
                .map(dev.capstan.release.ObservedRelease::commit)
                .orElse(null);
        return to.equals(left) ? null : left;
      }
    }
    return null;
  }

  private RollbackReport.Host rollBack(
      HostConnector connecting,
      SshCredentials ssh,
      HostAddress address,
      Environment environment,
      Application application,
      Recipe recipe,
      ReleaseLayout layout,
      HostRollback.Target target,
      SwitchedBy by,
      ProgressListener progress) {
    try (RemoteHost host = connecting.open(address, ssh)) {
      HostRollback rollback =
          hostRollback(host, address, environment, application, recipe, layout, progress);
      long deadline = settings.clock().millis() + settings.lockWait().toMillis();
      while (true) {
        HostRollback.Outcome outcome = rollback.rollBack(target, by);
        if (outcome.result() != HostRollback.Result.BUSY || settings.clock().millis() >= deadline) {
          return new RollbackReport.Host(address.toString(), outcome, null);
        }
        progress.progress(address.toString(), outcome.message() + ": waiting");
        Thread.sleep(BUSY_PAUSE.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new RollbackReport.Host(address.toString(), null, "interrupted");
    } catch (Exception e) {
      return new RollbackReport.Host(address.toString(), null, e.getMessage());
    }
  }

  private HostRollback hostRollback(
      RemoteHost host,
      HostAddress address,
      Environment environment,
      Application application,
      Recipe recipe,
      ReleaseLayout layout,
      ProgressListener progress) {
    RuntimeSpec runtime = application.spec().runtime();
    HostSpec spec = environment.spec().hostSpec(address);
    HostServices services =
        runtime.equals(RuntimeSpec.NONE) && spec.env().isEmpty()
            ? null
            : new HostServices(
                runtime,
                spec,
                layout.deployPath(),
                recipe.python(),
                null,
                HostServices.DEFAULT_SETTLE,
                false);
    // The lease lasts as long as the one command may: nobody renews it while that runs.
    Duration command = HostRollback.timeout(recipe, settings.timeouts());
    Duration lease = command.compareTo(settings.lease()) > 0 ? command : settings.lease();
    HostLock lock = new HostLock(host, layout, settings.lockHolder(), lease);
    return new HostRollback(
        host, layout, recipe, environment.name(), settings.timeouts(), progress, services, lock);
  }

  private static void undoVeto(
      Pins pins, Environment environment, Request request, boolean vetoedHere) {
    if (!vetoedHere) {
      return;
    }
    try {
      pins.unveto(environment.name(), request.leaving());
    } catch (Pins.PinsException e) {
      // The veto stays: it keeps the Environment where it is, which is safe.
    }
  }

  private static String reasonOrDefault(Request request) {
    return request.reason() == null || request.reason().isBlank()
        ? "rolled back"
        : request.reason();
  }

  private static RollbackReport failed(
      Environment environment, Request request, List<RollbackReport.Host> hosts, String error) {
    return new RollbackReport(
        environment.name(), null, request.leaving(), hosts, List.of(), error, null);
  }
}
