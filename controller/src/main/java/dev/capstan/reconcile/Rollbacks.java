package dev.capstan.reconcile;

import dev.capstan.host.HostConnector;
import dev.capstan.model.Application;
import dev.capstan.model.DesiredState;
import dev.capstan.model.Environment;
import dev.capstan.release.ProgressListener;
import dev.capstan.release.SwitchedBy;
import dev.capstan.source.SourceException;
import java.util.concurrent.ExecutorService;

/**
 * {@code capstan rollback} as the engine offers it: decides what is left and where to go from the
 * desired state and the local mirror, then hands the hosts to {@link EnvironmentRollback}, with a
 * regular pass (from the local mirror first) for those that lack the release.
 */
public final class Rollbacks {

  private final HostConnector connector;
  private final Sources sources;
  private final Credentials credentials;
  private final Rollout.Settings settings;
  private final ExecutorService executor;

  Rollbacks(
      HostConnector connector,
      Sources sources,
      Credentials credentials,
      Rollout.Settings settings,
      ExecutorService executor) {
    this.connector = connector;
    this.sources = sources;
    this.credentials = credentials;
    this.settings = settings;
    this.executor = executor;
  }

  /**
   * What {@code capstan rollback} asks.
   *
   * @param to the release (a name) or commit (any revision the mirror knows, or a commit prefix) to
   *     go back to; null: the release live before the current one
   * @param reason why, for the pin, the veto and {@code revisions.log}; or null
   * @param by who rolls back; null: the user at this machine
   * @param allowIrreversible switch even when the database has migrations that cannot be reversed
   * @param dryRun only say what each host would do
   * @param vetoFirst veto the commit the desired state deploys before any host switches (read from
   *     the local mirror): for when a running controller shares the pins, which could otherwise
   *     switch a host back in the instant before the pin is written. Without it the commit the
   *     hosts left is vetoed after the first batch, and a short rollback opens no repository.
   */
  public record Request(
      String to,
      String reason,
      SwitchedBy by,
      boolean allowIrreversible,
      boolean dryRun,
      boolean vetoFirst) {}

  /**
   * Rolls every host of the Environment back to a retained release ({@code capstan rollback}): one
   * remote command per host, batch by batch; pins the Environment there and vetoes the commit it
   * left through {@code pins}. Hosts without that release then get it from a regular pass, built
   * from the mirror (fetching only when the mirror lacks the commit).
   *
   * @throws Credentials.CredentialsException when the Environment's secrets cannot be had
   * @throws SourceException when {@code to} names nothing the mirror or a host could know
   */
  public RollbackReport rollBack(
      DesiredState state,
      Environment environment,
      Pins pins,
      Request request,
      ProgressListener progress)
      throws Credentials.CredentialsException, SourceException, Pins.PinsException {
    Application application = state.applicationOf(environment);
    Sources local = new LocalFirstSources(sources);
    String leaving =
        request.vetoFirst() ? RollbackTargets.leaving(local, application, environment) : null;
    SwitchedBy by =
        (request.by() == null ? SwitchedBy.commandLine() : request.by())
            .because(request.reason() == null ? "rollback" : "rollback: " + request.reason());
    try (Rollout building = new Rollout(connector, local, credentials, settings)) {
      return new EnvironmentRollback(connector, settings, executor)
          .run(
              environment,
              application,
              credentials.ssh(environment),
              pins,
              new EnvironmentRollback.Request(
                  RollbackTargets.target(local, application, environment, request.to(), leaving),
                  leaving,
                  request.reason(),
                  by,
                  request.allowIrreversible(),
                  request.dryRun()),
              progress,
              pinned -> building.apply(state, pinned, progress, Rollout.Options.ONE_SHOT.by(by)),
              credentials.databaseUrl(application, environment));
    }
  }
}
