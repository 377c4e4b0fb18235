package dev.capstan.reconcile;

import dev.capstan.host.ExecResult;
import dev.capstan.host.HostConnector;
import dev.capstan.host.HostException;
import dev.capstan.host.RemoteHost;
import dev.capstan.host.SshCredentials;
import dev.capstan.model.Application;
import dev.capstan.model.DesiredState;
import dev.capstan.model.Environment;
import dev.capstan.model.HostAddress;
import dev.capstan.model.HostSpec;
import dev.capstan.model.PinState;
import dev.capstan.release.DesiredRelease;
import dev.capstan.release.HostDeployer;
import dev.capstan.release.HostServices;
import dev.capstan.release.OneOffCommand;
import dev.capstan.release.ProgressListener;
import dev.capstan.release.Recipe;
import dev.capstan.release.ReleaseLayout;
import dev.capstan.release.SwitchedBy;
import dev.capstan.source.ResolvedRevision;
import dev.capstan.source.SourceException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Converges (or just observes) one Environment: resolve the revision, observe every host, plan,
 * then build everywhere, migrate once, switch in batches and prune. The entry point shared by the
 * CLI and the controller.
 */
public final class Rollout implements AutoCloseable {

  /**
   * Knobs of a rollout.
   *
   * @param lockHolder who this deployer is, written into host locks
   * @param lease how long a host lock lives without renewal (renewed every quarter of it), so how
   *     long a deployer that died elsewhere keeps the hosts it held
   * @param lockWait how long to wait for another deployer's lock before giving up
   */
  public record Settings(
      String lockHolder,
      Duration lease,
      Duration lockWait,
      HostDeployer.Timeouts timeouts,
      Clock clock) {

    public static Settings defaults(String lockHolder) {
      return new Settings(
          lockHolder,
          Duration.ofSeconds(20),
          Duration.ofMinutes(10),
          HostDeployer.Timeouts.DEFAULT,
          Clock.systemUTC());
    }
  }

  /**
   * How a pass behaves beyond converging.
   *
   * @param retryFailedRelease build a commit again whose release failed on a host before
   * @param verifyHealth run the health check on hosts already in sync (drift checks)
   * @param switchedBy who switches and why, for {@code revisions.log}; null: no one named
   */
  public record Options(boolean retryFailedRelease, boolean verifyHealth, SwitchedBy switchedBy) {
    /**
     * {@code capstan apply}: converges once, by the controller's rule: a commit that failed is held
     * back until a new commit, never deployed again (a second outage) without {@link #RETRY}.
     */
    public static final Options ONE_SHOT = new Options(false, false, SwitchedBy.commandLine());

    /** {@code capstan retry}: a commit held back because it failed is deployed once more. */
    public static final Options RETRY = new Options(true, false, SwitchedBy.commandLine());

    public Options(boolean retryFailedRelease, boolean verifyHealth) {
      this(retryFailedRelease, verifyHealth, null);
    }

    /** These options, the switches by {@code by}. */
    public Options by(SwitchedBy by) {
      return new Options(retryFailedRelease, verifyHealth, by);
    }
  }

  private final HostConnector connector;
  private final Sources sources;
  private final Credentials credentials;
  private final Settings settings;
  private final Pins livePins;
  private final ExecutorService executor = Executors.newCachedThreadPool(daemonThreads());

  public Rollout(
      HostConnector connector, Sources sources, Credentials credentials, Settings settings) {
    this(connector, sources, credentials, settings, null);
  }

  /**
   * A rollout that reads {@code livePins} (the state folder a running controller shares with the
   * commands) again before each batch of switches: a pin or veto set meanwhile, by {@code rollback}
   * say, stops the pass before it switches a host back.
   */
  public Rollout(
      HostConnector connector,
      Sources sources,
      Credentials credentials,
      Settings settings,
      Pins livePins) {
    this.connector = connector;
    this.sources = sources;
    this.credentials = credentials;
    this.settings = settings;
    this.livePins = livePins;
  }

  /** Whether the pins {@link #livePins} holds for the Environment differ from now's. */
  private java.util.function.BooleanSupplier pinsMoved(Environment environment) {
    if (livePins == null) {
      return () -> false;
    }
    PinState before = readPins(environment);
    // The Environment came with the pins of when it was delivered: some set since are news too.
    PinState inForce = environment.spec().pins();
    boolean stale = before == null || !inForce.equals(inForce.overlaidBy(before));
    return () -> stale || !java.util.Objects.equals(before, readPins(environment));
  }

  private PinState readPins(Environment environment) {
    try {
      return livePins.read(environment.name());
    } catch (Pins.PinsException e) {
      return null; // unreadable counts as changed against a readable one
    }
  }

  /** Observes every host and plans, changing nothing: what {@code plan} and {@code status} show. */
  public RolloutReport observe(DesiredState state, Environment environment) {
    return run(state, environment, ProgressListener.NONE, null);
  }

  /** Converges every host of the Environment once, as {@code capstan apply} does. */
  public RolloutReport apply(
      DesiredState state, Environment environment, ProgressListener progress) {
    return apply(state, environment, progress, Options.ONE_SHOT);
  }

  /** Converges every host of the Environment once. */
  public RolloutReport apply(
      DesiredState state, Environment environment, ProgressListener progress, Options options) {
    return run(state, environment, progress, options);
  }

  private RolloutReport run(
      DesiredState state, Environment environment, ProgressListener progress, Options options) {
    return run(state, environment, progress, options, null);
  }

  /** Observes only when {@code options} is null and {@code restart} is null. */
  private RolloutReport run(
      DesiredState state,
      Environment environment,
      ProgressListener progress,
      Options options,
      List<String> restart) {
    Application application = state.applicationOf(environment);
    Recipe recipe = Recipe.of(application.spec());
    String revision = environment.spec().revision();
    SshCredentials ssh;
    java.util.Map<String, byte[]> configFiles;
    String databaseUrl;
    try {
      ssh = credentials.ssh(environment);
      configFiles = credentials.configFiles(application, environment);
      databaseUrl = credentials.databaseUrl(application, environment);
    } catch (Credentials.CredentialsException e) {
      return notObserved(environment, Reason.CredentialMissing, e.getMessage());
    }
    try (Preconnect connecting =
        Preconnect.start(connector, environment.spec().hosts(), ssh, executor)) {
      ResolvedRevision resolved;
      DesiredCommit.Decision decision;
      try {
        resolved = sources.resolve(application, revision);
        decision =
            DesiredCommit.resolve(
                sources, application, environment.spec().pins(), resolved.commit());
      } catch (SourceException e) {
        return notObserved(environment, Reason.SourceError, e.getMessage());
      }
      PassState.Inputs inputs =
          new PassState.Inputs(
              environment,
              application,
              recipe,
              new DesiredRelease(
                  decision.held() ? resolved.commit() : decision.commit(), recipe.hash()),
              resolved.branch(),
              ssh,
              connecting,
              sources,
              settings,
              new ParallelHosts(executor),
              progress,
              configFiles,
              databaseUrl,
              pinsMoved(environment));
      String note = decision.note();
      if (decision.held()) {
        // The revision's commit is vetoed: the Environment stays on what its hosts run now.
        RolloutReport seen = pass(inputs, null, null);
        String live = sameLiveCommit(seen);
        if (live == null || decision.pins().vetoOf(live) != null) {
          return seen.heldBack(note + "; the hosts run no one commit to stay on")
              .withPins(decision.pins(), note);
        }
        note = note + "; staying on " + DesiredCommit.shortCommit(live);
        inputs = inputs.withDesired(new DesiredRelease(live, recipe.hash()));
      }
      return pass(inputs, options, restart).withPins(decision.pins(), note);
    }
  }

  private static RolloutReport pass(
      PassState.Inputs inputs, Options options, List<String> restart) {
    try (EnvironmentPass pass = new EnvironmentPass(inputs)) {
      if (restart != null) {
        return pass.restart(restart);
      }
      return options == null ? pass.observeOnly() : pass.converge(options);
    }
  }

  /** The commit every host's live release has; null when they differ or one has none. */
  private static String sameLiveCommit(RolloutReport report) {
    List<String> live = report.hosts().stream().map(HostReport::commit).distinct().toList();
    return live.size() == 1 ? live.get(0) : null;
  }

  /**
   * Runs a one-off command in the live release of one host ({@code capstan exec}), with the app's
   * env and virtualenv; its output and exit status are the command's.
   *
   * @throws Credentials.CredentialsException when the Environment's secrets cannot be had
   */
  public ExecResult exec(
      DesiredState state, Environment environment, HostAddress address, List<String> argv)
      throws HostException, Credentials.CredentialsException {
    Application application = state.applicationOf(environment);
    ReleaseLayout layout = new ReleaseLayout(application.spec().deployPath());
    HostSpec host = environment.spec().hostSpec(address);
    HostServices services = HostServices.of(application.spec(), host);
    String script =
        OneOffCommand.script(layout, services, environment.name(), address.toString(), argv);
    try (RemoteHost remote = connector.open(address, credentials.ssh(environment))) {
      return remote.exec(script, null, Duration.ofDays(1));
    }
  }

  /**
   * The releases of every host, newest first, with their switches ({@code capstan history}): one
   * remote command per host; subjects from the local mirror, which is never fetched.
   *
   * @throws Credentials.CredentialsException when the Environment's secrets cannot be had
   */
  public EnvironmentHistory.Report history(DesiredState state, Environment environment)
      throws Credentials.CredentialsException {
    return new EnvironmentHistory(connector, sources, executor)
        .read(environment, state.applicationOf(environment), credentials.ssh(environment));
  }

  /** The commit {@code revision} of {@code application} resolves to, null when it cannot be. */
  public String resolve(Application application, String revision) {
    try {
      return sources.resolve(application, revision).commit();
    } catch (dev.capstan.source.SourceException e) {
      return null;
    }
  }

  /** The Environment's database backups ({@code backup}, {@code backups}, {@code restore}). */
  public EnvironmentBackups backups() {
    return new EnvironmentBackups(connector, credentials, settings);
  }

  /** What the live releases depend on ({@code capstan deps}, the controller's checks). */
  public EnvironmentDependencies dependencies(dev.capstan.release.HostPackages packages) {
    return new EnvironmentDependencies(connector, credentials, packages);
  }

  /** The Environment's rollbacks ({@code capstan rollback}). */
  public Rollbacks rollbacks() {
    return new Rollbacks(connector, sources, credentials, settings, executor);
  }

  /**
   * Restarts the services of every host onto its live release, in batches of {@code
   * rollout.maxParallel}, each under its lock and checked after ({@code capstan restart}).
   *
   * @param only the services to restart; empty for all
   */
  public RolloutReport restart(
      DesiredState state, Environment environment, List<String> only, ProgressListener progress) {
    return run(state, environment, progress, null, only);
  }

  /**
   * What the Environment's connections depend on beyond its spec, as one fingerprint: the contents
   * of its key, passphrase, known_hosts and ssh config files (or why its credentials cannot be
   * had). A stalled Environment is tried again when it changes.
   */
  public String inputsFingerprint(Environment environment) {
    SshCredentials ssh;
    try {
      ssh = credentials.ssh(environment);
    } catch (Credentials.CredentialsException e) {
      return "missing: " + e.getMessage();
    }
    try {
      java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
      for (java.nio.file.Path file :
          java.util.Arrays.asList(
              ssh.privateKey(), ssh.passphraseFile(), ssh.knownHosts(), ssh.config())) {
        digest.update(String.valueOf(file).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (file != null && java.nio.file.Files.isReadable(file)) {
          digest.update(java.nio.file.Files.readAllBytes(file));
        }
        digest.update((byte) 0);
      }
      return java.util.HexFormat.of().formatHex(digest.digest());
    } catch (java.io.IOException | java.security.NoSuchAlgorithmException e) {
      return "unreadable: " + e.getMessage();
    }
  }

  private static RolloutReport notObserved(Environment environment, Reason reason, String error) {
    List<HostReport> hosts =
        environment.spec().hosts().stream()
            .map(
                h ->
                    new HostReport(
                        h.toString(),
                        null,
                        null,
                        HostState.Pending,
                        reason,
                        error,
                        null,
                        List.of(),
                        List.of()))
            .toList();
    return new RolloutReport(
        environment.name(),
        environment.spec().revision(),
        null,
        hosts,
        error,
        reason,
        false,
        false,
        null);
  }

  private static java.util.concurrent.ThreadFactory daemonThreads() {
    return runnable -> {
      Thread thread = new Thread(runnable, "capstan-host");
      thread.setDaemon(true);
      return thread;
    };
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
