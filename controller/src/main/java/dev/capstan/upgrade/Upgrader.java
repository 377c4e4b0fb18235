package dev.capstan.upgrade;

import dev.capstan.host.HostConnector;
import dev.capstan.host.HostException;
import dev.capstan.host.RemoteHost;
import dev.capstan.host.SshCredentials;
import dev.capstan.model.Application;
import dev.capstan.model.ApplicationSpec;
import dev.capstan.model.Environment;
import dev.capstan.model.HostAddress;
import dev.capstan.model.UpkeepSpec;
import dev.capstan.release.PackageIndexLookup;
import dev.capstan.release.PackageSource;
import dev.capstan.release.StepFailedException;
import dev.capstan.source.ArchiveFormat;
import dev.capstan.source.RepositoryMirrors;
import dev.capstan.source.ResolvedRevision;
import dev.capstan.source.SourceException;
import dev.capstan.source.UpgradeBranch;
import dev.capstan.upkeep.AdvisoryReader;
import dev.capstan.upkeep.AdvisorySnapshot;
import dev.capstan.upkeep.RequirementsFile;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * {@code capstan upgrade}, end to end: the revision's requirements file from the mirror, the
 * index's versions from the Environment's first host, the plan, a {@link ScratchTrial} there, and
 * only when it passed a commit of the new requirements file moved onto the branch in its {@link
 * UpgradeBranch.Destination}. Nothing is committed when a step fails.
 */
public final class Upgrader {

  /** How long the trial (pip install and the tests) may take. */
  static final Duration TRIAL_TIMEOUT = Duration.ofMinutes(30);

  /**
   * What to upgrade.
   *
   * @param revision what the Environment runs (its revision, or the one it is promoted from)
   * @param branch the branch the commit goes on
   */
  public record Request(
      Application application,
      Environment environment,
      String revision,
      boolean securityOnly,
      String branch,
      UpgradeBranch.Destination destination) {}

  /** How an upgrade ended. */
  public enum Kind {
    COMMITTED,
    TESTS_FAILED,
    NOTHING_TO_UPGRADE
  }

  /**
   * What came of it.
   *
   * @param trial null when nothing was tried
   * @param commit the new commit, null unless committed
   * @param publishedTo where the branch was moved, null unless committed
   */
  public record Outcome(
      Kind kind,
      String host,
      ResolvedRevision base,
      String requirementsPath,
      UpgradePlan plan,
      ScratchTrial.Result trial,
      String commit,
      String publishedTo) {}

  private final RepositoryMirrors mirrors;
  private final HostConnector connector;
  private final SshCredentials ssh;
  private final Clock clock;
  private final Consumer<String> progress;

  public Upgrader(
      RepositoryMirrors mirrors,
      HostConnector connector,
      SshCredentials ssh,
      Clock clock,
      Consumer<String> progress) {
    this.mirrors = mirrors;
    this.connector = connector;
    this.ssh = ssh;
    this.clock = clock;
    this.progress = progress;
  }

  public Outcome run(Request request)
      throws UpgradeRefused, SourceException, HostException, StepFailedException {
    Application application = request.application();
    ApplicationSpec spec = application.spec();
    UpkeepSpec upkeep = spec.upkeep();
    PackageSource index = indexOf(application);
    if (spec.python() == null || spec.python().requirements().isEmpty()) {
      throw new UpgradeRefused(
          "application " + application.name() + " has no python.requirements file to upgrade");
    }
    AdvisorySnapshot advisories =
        upkeep.advisories() == null
            ? null
            : AdvisoryReader.read(application.baseDir().resolve(upkeep.advisories()));
    if (request.securityOnly() && advisories == null) {
      throw new UpgradeRefused(
          "--security-only needs advisories: set spec.upkeep.advisories of application "
              + application.name());
    }

    ResolvedRevision base =
        mirrors.resolve(spec.repository(), application.baseDir(), request.revision());
    UpgradeBranch git = new UpgradeBranch(mirrors, spec.repository(), application.baseDir());
    String path =
        UpgradeBranch.pathInRepository(spec.repository().subPath(), spec.python().requirements());
    RequirementsFile file =
        RequirementsFile.parse(
            new String(git.readFile(base.commit(), path), StandardCharsets.UTF_8));
    progress.accept(
        "environment "
            + request.environment().name()
            + " runs "
            + base.shortCommit()
            + " ("
            + request.revision()
            + "); "
            + path
            + " pins "
            + file.pins().size()
            + " package(s)");
    requireFastForward(git, request, base);

    HostAddress address = request.environment().spec().hosts().get(0);
    try (RemoteHost host = connector.open(address, ssh)) {
      progress.accept(address + ": looking up versions in " + index.shown());
      UpgradePlan plan =
          UpgradePlanner.plan(
              file,
              file.pins().isEmpty()
                  ? java.util.Map.of()
                  : PackageIndexLookup.versions(
                      host, spec.python().interpreter(), index, List.copyOf(file.pins().keySet())),
              advisories,
              request.securityOnly());
      if (plan.nothingToUpgrade()) {
        return new Outcome(
            Kind.NOTHING_TO_UPGRADE, address.toString(), base, path, plan, null, null, null);
      }
      progress.accept(
          address + ": trying " + plan.upgrades() + " in a scratch virtualenv, then the tests");
      ScratchTrial.Result trial =
          new ScratchTrial(
                  host,
                  spec,
                  request.environment().spec().hostSpec(address),
                  request.environment().name(),
                  TRIAL_TIMEOUT,
                  clock)
              .run(
                  mirrors.treeArchive(
                      spec.repository(),
                      application.baseDir(),
                      base.commit(),
                      ArchiveFormat.TAR_GZ),
                  plan.upgraded().text(),
                  upkeep.test());
      if (!trial.passed()) {
        return new Outcome(
            Kind.TESTS_FAILED, address.toString(), base, path, plan, trial, null, null);
      }
      String commit =
          git.commit(
              base.commit(),
              path,
              plan.upgraded().text().getBytes(StandardCharsets.UTF_8),
              UpgradeMessage.of(plan, request.securityOnly(), address.toString(), upkeep.test()),
              new PersonIdent("Capstan", "capstan@localhost", clock.instant(), clock.getZone()));
      String where = git.publish(request.destination(), request.branch(), commit);
      return new Outcome(
          Kind.COMMITTED, address.toString(), base, path, plan, trial, commit, where);
    }
  }

  /** Where versions are looked up, or a refusal naming the field to set. */
  private static PackageSource indexOf(Application application) throws UpgradeRefused {
    UpkeepSpec upkeep = application.spec().upkeep();
    if (upkeep == null || upkeep.index() == null) {
      throw new UpgradeRefused(
          "application "
              + application.name()
              + " sets no spec.upkeep.index: nowhere to look up newer versions");
    }
    try {
      return upkeep.index().url() != null
          ? PackageSource.url(upkeep.index().url())
          : PackageSource.findLinks(upkeep.index().findLinks());
    } catch (IllegalArgumentException e) {
      throw new UpgradeRefused(e.getMessage());
    }
  }

  /**
   * Refuses, before anything is tried, a branch that exists where it goes and is not the revision
   * or one of its ancestors: moving it would drop what is on it.
   */
  private static void requireFastForward(UpgradeBranch git, Request request, ResolvedRevision base)
      throws SourceException, UpgradeRefused {
    String tip = git.tip(request.destination(), request.branch());
    if (tip != null && !git.isAncestorOf(tip, base.commit())) {
      throw new UpgradeRefused(
          "branch "
              + request.branch()
              + " is at "
              + tip.substring(0, 7)
              + ", which is not "
              + base.shortCommit()
              + " ("
              + request.revision()
              + ") or one of its ancestors: merge or delete it, or name another with --branch");
    }
  }
}
