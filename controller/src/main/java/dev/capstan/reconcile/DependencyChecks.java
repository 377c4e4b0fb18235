package dev.capstan.reconcile;

import dev.capstan.host.HostException;
import dev.capstan.host.SshCredentials;
import dev.capstan.model.Application;
import dev.capstan.model.DesiredState;
import dev.capstan.model.Environment;
import dev.capstan.model.UpkeepSpec;
import dev.capstan.release.StepFailedException;
import dev.capstan.upkeep.AdvisoryException;
import dev.capstan.upkeep.AdvisorySnapshot;
import dev.capstan.upkeep.DependencyReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dependency checks of {@code capstan run}: after a pass of an Environment with {@code upkeep},
 * on a thread of their own (so never in the drift round), its live releases' packages are matched
 * against the advisories and the index. A release's packages are read once (the {@link
 * EnvironmentDependencies} cache), so only a new live release costs a command; the index is asked
 * at {@code upkeep.interval} and its answer kept until then; the advisories are read again only
 * when their files change.
 */
final class DependencyChecks implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DependencyChecks.class);

  /** How soon an index that could not be read is asked again, at most. */
  static final Duration INDEX_RETRY = Duration.ofMinutes(5);

  /** What the index offered, for which names, and when to ask it again. */
  private record IndexAnswer(
      List<String> names, Map<String, List<String>> versions, Instant at, Instant next) {}

  /** The advisories read, and the files they were read from (names, sizes and times). */
  private record Advisories(Path path, String files, AdvisorySnapshot snapshot) {}

  private final Supplier<DesiredState> desired;
  private final EnvironmentDependencies reader;
  private final BiConsumer<String, DependencyStatus> checked;
  private final Clock clock;
  private final ExecutorService runner =
      Executors.newSingleThreadExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "capstan-dependencies");
            thread.setDaemon(true);
            return thread;
          });

  /** Per Environment, the live releases (host to release) of the pass waiting to be checked. */
  private final Map<String, Map<String, String>> pending = new ConcurrentHashMap<>();

  private final Map<String, IndexAnswer> index = new ConcurrentHashMap<>();
  private final Map<String, Advisories> advisories = new ConcurrentHashMap<>();

  /** What was last logged as vulnerable per Environment: a warning once per change, not a round. */
  private final Map<String, String> warned = new ConcurrentHashMap<>();

  DependencyChecks(
      Supplier<DesiredState> desired,
      EnvironmentDependencies reader,
      BiConsumer<String, DependencyStatus> checked,
      Clock clock) {
    this.desired = desired;
    this.reader = reader;
    this.checked = checked;
    this.clock = clock;
  }

  /**
   * A pass of {@code name} recorded {@code status}: its live releases are checked soon, once even
   * when several passes end meanwhile.
   */
  void passed(String name, EnvironmentStatus status) {
    DesiredState state = desired.get();
    Environment environment = state == null ? null : state.environments().get(name);
    if (environment == null
        || state.applicationOf(environment).spec().upkeep() == null
        || status == null) {
      return;
    }
    Map<String, String> live = new LinkedHashMap<>();
    status.hosts().stream()
        .filter(h -> h.release() != null)
        .forEach(h -> live.put(h.host(), h.release()));
    if (pending.put(name, live) == null) {
      runner.execute(() -> check(name));
    }
  }

  /** {@code name} left the desired state. */
  void forget(String name) {
    pending.remove(name);
    index.remove(name);
    advisories.remove(name);
  }

  private void check(String name) {
    Map<String, String> live = pending.remove(name);
    if (live == null) {
      return;
    }
    try {
      DependencyStatus status = checkNow(name, live);
      if (status != null) {
        checked.accept(name, status);
      }
    } catch (RuntimeException e) {
      LOG.warn("{}: dependency check failed: {}", name, e.getMessage());
    }
  }

  /**
   * Checks {@code name}'s live releases ({@code live}: host to release) now, on the caller's
   * thread; null when it is no longer in the desired state.
   */
  DependencyStatus checkNow(String name, Map<String, String> live) {
    DesiredState state = desired.get();
    Environment environment = state == null ? null : state.environments().get(name);
    if (environment == null) {
      return null;
    }
    return check(environment, state.applicationOf(environment), live);
  }

  private DependencyStatus check(
      Environment environment, Application application, Map<String, String> live) {
    String name = environment.name();
    UpkeepSpec upkeep = application.spec().upkeep();
    List<String> problems = new ArrayList<>();
    AdvisorySnapshot snapshot = advisories(name, application, problems);
    SshCredentials ssh;
    try {
      ssh = reader.ssh(environment);
    } catch (Credentials.CredentialsException e) {
      problems.add(e.getMessage());
      return DependencyStatus.of(
          DependencyReport.of(List.of(), snapshot, null), clock.instant(), null, problems);
    }
    EnvironmentDependencies.Live read = reader.inventories(environment, application, ssh, live);
    problems.addAll(read.problems());
    IndexAnswer answer = index(environment, upkeep, ssh, read.releases(), problems);
    DependencyReport report =
        DependencyReport.of(read.releases(), snapshot, answer == null ? null : answer.versions());
    if (!report.vulnerable()) {
      warned.remove(name);
    } else if (!report.vulnerableSummary().equals(warned.put(name, report.vulnerableSummary()))) {
      LOG.warn("{}: vulnerable: {}", name, report.vulnerableSummary());
    }
    return DependencyStatus.of(
        report, clock.instant(), answer == null ? null : answer.at(), problems);
  }

  /** The index's answer: asked again at the interval, or when a package is new to it. */
  private IndexAnswer index(
      Environment environment,
      UpkeepSpec upkeep,
      SshCredentials ssh,
      List<DependencyReport.LiveRelease> releases,
      List<String> problems) {
    if (upkeep.index() == null) {
      return null;
    }
    String name = environment.name();
    Instant now = clock.instant();
    List<String> names = EnvironmentDependencies.packageNames(releases);
    IndexAnswer known = index.get(name);
    boolean due =
        known == null
            || !now.isBefore(known.next())
            || (known.versions() != null && !new HashSet<>(known.names()).containsAll(names));
    if (!due) {
      return known.versions() == null ? null : known;
    }
    try {
      Map<String, List<String>> versions = reader.indexVersions(environment, upkeep, ssh, releases);
      IndexAnswer answer = new IndexAnswer(names, versions, now, now.plus(upkeep.interval()));
      index.put(name, answer);
      return answer;
    } catch (HostException | StepFailedException | RuntimeException e) {
      problems.add("index: " + e.getMessage());
      Duration retry =
          upkeep.interval().compareTo(INDEX_RETRY) < 0 ? upkeep.interval() : INDEX_RETRY;
      // What it offered before stays the best knowledge until it answers again.
      IndexAnswer kept =
          known == null
              ? new IndexAnswer(names, null, null, now.plus(retry))
              : new IndexAnswer(known.names(), known.versions(), known.at(), now.plus(retry));
      index.put(name, kept);
      return kept.versions() == null ? null : kept;
    }
  }

  /** The advisories, read again only when their files changed; the last good ones on an error. */
  private AdvisorySnapshot advisories(String name, Application application, List<String> problems) {
    Path path = EnvironmentDependencies.advisoriesPath(application);
    if (path == null) {
      return AdvisorySnapshot.of(List.of());
    }
    String files = fingerprint(path);
    Advisories known = advisories.get(name);
    if (known != null && known.path().equals(path) && known.files().equals(files)) {
      return known.snapshot();
    }
    try {
      AdvisorySnapshot snapshot = EnvironmentDependencies.advisories(application);
      advisories.put(name, new Advisories(path, files, snapshot));
      return snapshot;
    } catch (AdvisoryException e) {
      problems.add(e.getMessage());
      return known == null ? AdvisorySnapshot.of(List.of()) : known.snapshot();
    }
  }

  /** The names, sizes and modification times of the advisory files: what a change changes. */
  static String fingerprint(Path path) {
    StringBuilder files = new StringBuilder();
    try (Stream<Path> listed = Files.isDirectory(path) ? Files.list(path) : Stream.of(path)) {
      for (Path file : listed.sorted().toList()) {
        if (Files.isRegularFile(file)) {
          files
              .append(file.getFileName())
              .append(' ')
              .append(Files.size(file))
              .append(' ')
              .append(Files.getLastModifiedTime(file).toMillis())
              .append('\n');
        }
      }
    } catch (IOException e) {
      return "unreadable: " + e.getMessage();
    }
    return files.toString();
  }

  @Override
  public void close() {
    runner.shutdownNow();
  }
}
