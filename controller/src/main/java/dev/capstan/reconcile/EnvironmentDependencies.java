package dev.capstan.reconcile;

import dev.capstan.host.HostConnector;
import dev.capstan.host.HostException;
import dev.capstan.host.RemoteHost;
import dev.capstan.host.SshCredentials;
import dev.capstan.model.Application;
import dev.capstan.model.Environment;
import dev.capstan.model.HostAddress;
import dev.capstan.model.UpkeepSpec;
import dev.capstan.release.HostPackages;
import dev.capstan.release.PackageIndexLookup;
import dev.capstan.release.PackageSource;
import dev.capstan.release.ReleaseLayout;
import dev.capstan.release.ReleasePackages;
import dev.capstan.release.StepFailedException;
import dev.capstan.remote.Protocol.Marker;
import dev.capstan.remote.RemoteScript;
import dev.capstan.remote.ScriptOutput;
import dev.capstan.upkeep.AdvisoryException;
import dev.capstan.upkeep.AdvisoryReader;
import dev.capstan.upkeep.AdvisorySnapshot;
import dev.capstan.upkeep.DependencyReport.LiveRelease;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads what an Environment's live releases depend on, for {@code capstan deps} and the
 * controller's dependency checks: each host's live release (when not known already), its recorded
 * packages (through a {@link HostPackages} cache: a release is read once), the versions the index
 * offers (asked from the Environment's first host, as its pip would) and the advisories (on the
 * controller). What cannot be read is a problem in words, never a failure of the whole.
 */
public final class EnvironmentDependencies {

  /** The interpreter the index is looked up with on the host. */
  static final String INTERPRETER = "python3";

  private static final Duration LIVE_TIMEOUT = Duration.ofSeconds(30);

  /**
   * The live releases read, and what could not be.
   *
   * @param problems one line per host that could not be read, naming it
   */
  public record Live(List<LiveRelease> releases, List<String> problems) {
    public Live {
      releases = List.copyOf(releases);
      problems = List.copyOf(problems);
    }
  }

  private final HostConnector connector;
  private final Credentials credentials;
  private final HostPackages packages;

  public EnvironmentDependencies(
      HostConnector connector, Credentials credentials, HostPackages packages) {
    this.connector = connector;
    this.credentials = credentials;
    this.packages = packages;
  }

  /** The SSH credentials of {@code environment}. */
  public SshCredentials ssh(Environment environment) throws Credentials.CredentialsException {
    return credentials.ssh(environment);
  }

  /** Each host's live release, one command per host; hosts without one are left out. */
  public Map<String, String> liveReleaseNames(
      Environment environment, Application application, SshCredentials ssh, List<String> problems) {
    ReleaseLayout layout = new ReleaseLayout(application.spec().deployPath());
    Map<String, String> live = new LinkedHashMap<>();
    for (HostAddress address : environment.spec().hosts()) {
      try (RemoteHost host = connector.open(address, ssh)) {
        ScriptOutput output =
            RemoteScript.create()
                .append(RemoteScript.Fragment.of("capstan_observe", layout.deployPath()))
                .run(host, LIVE_TIMEOUT);
        String current = output.last(Marker.CURRENT).map(String::strip).orElse(null);
        String release = ReleaseLayout.releaseNameOf(current);
        if (release != null) {
          live.put(address.toString(), release);
        }
      } catch (HostException e) {
        problems.add(address + ": " + e.getMessage());
      }
    }
    return live;
  }

  /**
   * The packages of each host's live release in {@code live} (host to release name): one command
   * per host for the releases not read before, none for those that were.
   */
  public Live inventories(
      Environment environment,
      Application application,
      SshCredentials ssh,
      Map<String, String> live) {
    ReleaseLayout layout = new ReleaseLayout(application.spec().deployPath());
    List<LiveRelease> releases = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (HostAddress address : environment.spec().hosts()) {
      String release = live.get(address.toString());
      if (release == null) {
        continue;
      }
      try (RemoteHost host = connector.open(address, ssh)) {
        ReleasePackages read = packages.read(host, layout, List.of(release)).get(release);
        releases.add(new LiveRelease(address.toString(), release, read.inventory()));
      } catch (HostException | StepFailedException | RuntimeException e) {
        problems.add(address + ": packages of " + release + " unreadable: " + e.getMessage());
      }
    }
    return new Live(releases, problems);
  }

  /**
   * The versions {@code upkeep.index} offers of every package the releases installed, looked up
   * from the Environment's first host; null when the Application names no index or nothing is
   * installed.
   *
   * @throws StepFailedException when the index cannot be read (its message names no credentials)
   */
  public Map<String, List<String>> indexVersions(
      Environment environment, UpkeepSpec upkeep, SshCredentials ssh, List<LiveRelease> releases)
      throws HostException, StepFailedException {
    if (upkeep == null || upkeep.index() == null) {
      return null;
    }
    List<String> names = packageNames(releases);
    if (names.isEmpty()) {
      return Map.of();
    }
    PackageSource source =
        upkeep.index().url() != null
            ? PackageSource.url(upkeep.index().url())
            : PackageSource.findLinks(upkeep.index().findLinks());
    try (RemoteHost host = connector.open(environment.spec().hosts().get(0), ssh)) {
      return PackageIndexLookup.versions(host, INTERPRETER, source, names);
    }
  }

  /** Every package name the releases installed, sorted, each once. */
  public static List<String> packageNames(List<LiveRelease> releases) {
    TreeSet<String> names = new TreeSet<>();
    for (LiveRelease release : releases) {
      if (release.inventory() != null) {
        release.inventory().packages().forEach(p -> names.add(p.name()));
      }
    }
    return List.copyOf(names);
  }

  /** Where {@code upkeep.advisories} is on the controller; null when it names none. */
  public static Path advisoriesPath(Application application) {
    UpkeepSpec upkeep = application.spec().upkeep();
    if (upkeep == null || upkeep.advisories() == null) {
      return null;
    }
    Path base = application.baseDir() == null ? Path.of(".") : application.baseDir();
    return base.resolve(upkeep.advisories()).normalize();
  }

  /**
   * The advisories {@code upkeep.advisories} holds; an empty snapshot when it names none.
   *
   * @throws AdvisoryException when they cannot be read
   */
  public static AdvisorySnapshot advisories(Application application) {
    Path path = advisoriesPath(application);
    return path == null ? AdvisorySnapshot.of(List.of()) : AdvisoryReader.read(path);
  }
}
