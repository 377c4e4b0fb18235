package dev.capstan.source;

import dev.capstan.model.RepositorySpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.CredentialsProvider;

/**
 * The controller's local bare mirrors of its repositories: resolves revisions to commits, so
 * hosts never need Git or repository credentials.
 *
 * <p>Thread-safe; one instance serves the whole controller. Each repository URL gets one mirror
 * folder under the cache folder, cloned on first use and fetched (all branches and tags, with
 * prune) when a revision needs it; a full commit id already in the mirror needs no fetch.
 */
public final class RepositoryMirrors {

  private final Path cacheDir;
  private final ConcurrentMap<String, Mirror> mirrors = new ConcurrentHashMap<>();
  private final AtomicLong fetches = new AtomicLong();
  private volatile Duration minFetchInterval;

  /** Mirrors in {@code cacheDir} that fetch every time a moving revision is resolved. */
  public RepositoryMirrors(Path cacheDir) {
    this(cacheDir, Duration.ZERO);
  }

  /**
   * Mirrors in {@code cacheDir} that fetch at most once per {@code minFetchInterval} for moving
   * revisions (branches, tags, {@code HEAD}, short commits).
   */
  public RepositoryMirrors(Path cacheDir, Duration minFetchInterval) {
    this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir").toAbsolutePath().normalize();
    setMinFetchInterval(minFetchInterval);
  }

  /** {@code $XDG_CACHE_HOME/capstan/repositories}, else {@code ~/.cache/capstan/repositories}. */
  public static Path defaultCacheDir() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path cache =
        xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".cache");
    return cache.resolve("capstan").resolve("repositories");
  }

  public Path cacheDir() {
    return cacheDir;
  }

  public Duration minFetchInterval() {
    return minFetchInterval;
  }

  /** How long a fetch serves later resolutions of moving revisions; zero fetches every time. */
  public void setMinFetchInterval(Duration minFetchInterval) {
    if (minFetchInterval == null || minFetchInterval.isNegative()) {
      throw new IllegalArgumentException("minFetchInterval must be zero or positive");
    }
    this.minFetchInterval = minFetchInterval;
  }

  /**
   * Resolves {@code revision} (full or short commit, tag, branch, or {@code HEAD} for the remote's
   * default branch) to a commit, cloning or fetching the mirror first when needed. A full commit id
   * that is not in the mirror yet always fetches, whatever the minimum fetch interval.
   *
   * @param baseDir the folder a relative path URL is resolved against (the declaring YAML's)
   * @throws SourceException when the repository cannot be reached or the revision is unknown or
   *     ambiguous; the message names the repository and the revision
   */
  public ResolvedRevision resolve(RepositorySpec repository, Path baseDir, String revision)
      throws SourceException {
    RepositoryLocation location = RepositoryLocation.of(repository.url(), baseDir);
    if (revision == null || revision.isBlank()) {
      throw new SourceException("no revision given for " + location.display());
    }
    String wanted = revision.strip();
    Mirror mirror = mirror(location);
    return mirror.locked(
        () -> {
          if (needsFetch(mirror, wanted)) {
            CredentialsProvider credentials =
                RepositoryCredentials.forFetch(location, repository.credentials());
            mirror.update(credentials, System.nanoTime());
            fetches.incrementAndGet();
          }
          try (Repository git = mirror.open()) {
            return new RevisionResolver(git, location).resolve(wanted);
          }
        });
  }

  /** Clones and fetches made by this instance; lets tests tell a reused mirror from a new one. */
  long fetchCount() {
    return fetches.get();
  }

  /** The mirror folder a repository uses. */
  Path mirrorDir(RepositorySpec repository, Path baseDir) throws SourceException {
    return mirror(RepositoryLocation.of(repository.url(), baseDir)).dir();
  }

  private Mirror mirror(RepositoryLocation location) {
    return mirrors.computeIfAbsent(location.url(), url -> new Mirror(location, cacheDir));
  }

  private boolean needsFetch(Mirror mirror, String revision) throws IOException {
    if (!mirror.exists()) {
      return true;
    }
    if (RevisionResolver.isFullCommit(revision)) {
      try (Repository git = mirror.open()) {
        return !RevisionResolver.hasCommit(git, revision);
      }
    }
    return mirror.fetchDue(System.nanoTime(), minFetchInterval.toNanos());
  }

}
