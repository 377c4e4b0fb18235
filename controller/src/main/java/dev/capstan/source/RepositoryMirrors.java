package dev.capstan.source;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.capstan.model.RepositorySpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.CredentialsProvider;

/**
 * The controller's local bare mirrors of its repositories: resolves revisions to commits and
 * exports commit trees as tar archives, so hosts never need Git or repository credentials.
 *
 * <p>Thread-safe; one instance serves the whole controller. Each repository URL gets one mirror
 * folder under the cache folder, cloned on first use and fetched (all branches and tags, with
 * prune) when a revision needs it; a full commit id already in the mirror needs no fetch.
 */
public final class RepositoryMirrors {

  /** Bound on the bytes of recently built archives kept in memory. */
  public static final long DEFAULT_ARCHIVE_CACHE_BYTES = 64L * 1024 * 1024;

  private final Path cacheDir;
  private final ConcurrentMap<String, Mirror> mirrors = new ConcurrentHashMap<>();
  private final Cache<ArchiveKey, byte[]> archives;
  private final AtomicLong fetches = new AtomicLong();
  private volatile Duration minFetchInterval;

  /** One archive: which repository, commit, folder and packing. */
  private record ArchiveKey(String url, String commit, String subPath, ArchiveFormat format) {}

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
    this.archives =
        Caffeine.newBuilder()
            .maximumWeight(DEFAULT_ARCHIVE_CACHE_BYTES)
            .weigher((ArchiveKey key, byte[] bytes) -> bytes.length)
            .build();
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
   * default branch) to a commit, cloning or fetching the mirror first when needed. A moving
   * revision fetches at most once per the repository's {@code pollInterval} (DESIGN.md: "how often
   * a followed branch is fetched"), so that drift checks every few seconds do not fetch each time;
   * a push ({@link #markStale}), a full commit id not in the mirror yet, or a revision the mirror
   * does not know always fetch.
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
          boolean fetched = needsFetch(mirror, wanted, repository.pollInterval());
          if (fetched) {
            fetch(mirror, location, repository);
          }
          try (Repository git = mirror.open()) {
            return new RevisionResolver(git, location).resolve(wanted);
          } catch (SourceException notHereYet) {
            if (fetched) {
              throw notHereYet;
            }
          }
          // A branch or tag made since the last fetch: fetch now rather than wait for the poll.
          fetch(mirror, location, repository);
          try (Repository git = mirror.open()) {
            return new RevisionResolver(git, location).resolve(wanted);
          }
        });
  }

  private void fetch(Mirror mirror, RepositoryLocation location, RepositorySpec repository)
      throws SourceException, IOException {
    CredentialsProvider credentials =
        RepositoryCredentials.forFetch(location, repository.credentials());
    mirror.update(credentials, System.nanoTime());
    fetches.incrementAndGet();
  }

  /**
   * {@code revision} resolved from what the mirror holds now, never fetching: a rollback or history
   * works while the Git server is unreachable (or the repository was moved away).
   *
   * @throws SourceException when the mirror was never cloned or does not know the revision
   */
  public ResolvedRevision resolveLocally(RepositorySpec repository, Path baseDir, String revision)
      throws SourceException {
    RepositoryLocation location = RepositoryLocation.of(repository.url(), baseDir);
    Mirror mirror = mirror(location);
    return mirror.locked(
        () -> {
          if (!mirror.exists()) {
            throw new SourceException(
                "no local mirror of " + location.display() + " yet: it was never fetched here");
          }
          try (Repository git = mirror.open()) {
            return new RevisionResolver(git, location).resolve(revision.strip());
          }
        });
  }

  /**
   * Writes the uncompressed tar of {@code commit}'s tree (or of its {@code subPath} folder, that
   * prefix stripped) to {@code out}. The archive is built in memory first (trees are small), so
   * nothing is written when it fails. {@code out} is flushed but not closed: the caller owns it.
   */
  public void exportTree(RepositorySpec repository, Path baseDir, String commit, OutputStream out)
      throws SourceException {
    byte[] archive = treeArchive(repository, baseDir, commit, ArchiveFormat.TAR);
    try {
      out.write(archive);
      out.flush();
    } catch (IOException e) {
      throw new SourceException("cannot write the tree of " + commit + ": " + e.getMessage(), e);
    }
  }

  /**
   * The tar archive of {@code commit}'s tree, or of the folder {@code subPath} with that prefix
   * stripped: file modes kept (0755 executables, 0644 others), symlinks as symlink entries,
   * submodules left out. Recent archives are cached in memory per (URL, commit, subPath, format).
   *
   * @param commit normally a full commit id from {@link #resolve}; any revision is accepted
   * @return a fresh copy the caller may keep or change
   * @throws SourceException when the commit cannot be found or {@code subPath} is not a folder of
   *     it
   */
  public byte[] treeArchive(
      RepositorySpec repository, Path baseDir, String commit, ArchiveFormat format)
      throws SourceException {
    ResolvedRevision resolved = resolve(repository, baseDir, commit);
    String subPath = normalizeSubPath(repository.subPath());
    ArchiveKey key = new ArchiveKey(resolved.repository(), resolved.commit(), subPath, format);
    byte[] archive = archives.getIfPresent(key);
    if (archive == null) {
      RepositoryLocation location = RepositoryLocation.of(repository.url(), baseDir);
      Mirror mirror = mirror(location);
      // Under the lock: a fetch's gc may repack while we read.
      byte[] built =
          mirror.locked(() -> buildArchive(mirror, location, resolved.commit(), subPath, format));
      archives.put(key, built);
      archive = built;
    }
    return archive.clone();
  }

  /**
   * The subject (first line of the message) of each of {@code commits} the mirror already has, read
   * without fetching, so it answers when the Git server is unreachable; a commit the mirror lacks,
   * or a mirror never cloned, is simply left out.
   */
  public Map<String, String> subjects(
      RepositorySpec repository, Path baseDir, Collection<String> commits) throws SourceException {
    Mirror mirror = mirror(RepositoryLocation.of(repository.url(), baseDir));
    return mirror.locked(
        () -> {
          Map<String, String> subjects = new TreeMap<>();
          if (!mirror.exists()) {
            return subjects;
          }
          try (Repository git = mirror.open();
              RevWalk walk = new RevWalk(git)) {
            for (String commit : commits) {
              if (!RevisionResolver.isFullCommit(commit)) {
                continue;
              }
              try {
                subjects.put(
                    commit, walk.parseCommit(ObjectId.fromString(commit)).getShortMessage());
              } catch (MissingObjectException | IncorrectObjectTypeException e) {
                // Not in the mirror (never fetched, or gone from the server): no subject.
              }
            }
          }
          return subjects;
        });
  }

  /**
   * Whether {@code ancestor} is an ancestor of {@code descendant} (or the same commit), each a full
   * or short commit or a ref, from what the mirror holds now (no fetch). An ancestor the mirror
   * does not know is not one.
   *
   * @throws SourceException when the descendant is unknown or the mirror unusable
   */
  public boolean isAncestor(
      RepositorySpec repository, Path baseDir, String ancestor, String descendant)
      throws SourceException {
    RepositoryLocation location = RepositoryLocation.of(repository.url(), baseDir);
    Mirror mirror = mirror(location);
    return mirror.locked(
        () -> {
          try (Repository git = mirror.open();
              org.eclipse.jgit.revwalk.RevWalk walk = new org.eclipse.jgit.revwalk.RevWalk(git)) {
            RevisionResolver resolver = new RevisionResolver(git, location);
            String later = resolver.resolve(descendant).commit();
            String earlier;
            try {
              earlier = resolver.resolve(ancestor).commit();
            } catch (SourceException unknown) {
              return false;
            }
            return walk.isMergedInto(
                walk.parseCommit(org.eclipse.jgit.lib.ObjectId.fromString(earlier)),
                walk.parseCommit(org.eclipse.jgit.lib.ObjectId.fromString(later)));
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

  /**
   * Makes the next {@link #resolve} of a branch, tag or {@code HEAD} of this repository fetch at
   * once: a push notification said it moved.
   */
  public void markStale(RepositorySpec repository, Path baseDir) throws SourceException {
    mirror(RepositoryLocation.of(repository.url(), baseDir)).markStale();
  }

  /**
   * Whether resolving {@code revision} fetches first: the mirror is new, the commit is not in it,
   * or a moving revision was last fetched longer ago than the repository's {@code pollInterval}
   * (and this instance's minimum); a push makes the next resolve fetch ({@link #markStale}).
   */
  private boolean needsFetch(Mirror mirror, String revision, Duration pollInterval)
      throws IOException {
    if (!mirror.exists()) {
      return true;
    }
    if (RevisionResolver.isFullCommit(revision)) {
      try (Repository git = mirror.open()) {
        return !RevisionResolver.hasCommit(git, revision);
      }
    }
    Duration interval =
        pollInterval != null && pollInterval.compareTo(minFetchInterval) > 0
            ? pollInterval
            : minFetchInterval;
    return mirror.fetchDue(System.nanoTime(), interval.toNanos());
  }

  private static byte[] buildArchive(
      Mirror mirror,
      RepositoryLocation location,
      String commit,
      String subPath,
      ArchiveFormat format)
      throws SourceException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (Repository git = mirror.open()) {
      TreeArchiver archiver = new TreeArchiver(git, location);
      if (format == ArchiveFormat.TAR_GZ) {
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
          archiver.write(ObjectId.fromString(commit), subPath, gzip);
        }
      } else {
        archiver.write(ObjectId.fromString(commit), subPath, bytes);
      }
    } catch (IOException e) {
      throw new SourceException(
          "cannot export commit " + commit + " of " + location.display() + ": " + e.getMessage(),
          e);
    }
    return bytes.toByteArray();
  }

  /** {@code ""}, {@code "."}, {@code "/app/"} and {@code "./app"} mean the root or {@code app}. */
  static String normalizeSubPath(String subPath) {
    if (subPath == null) {
      return "";
    }
    String path = subPath.strip().replaceAll("/{2,}", "/");
    while (path.startsWith("./")) {
      path = path.substring(2);
    }
    path = path.replaceAll("^/+|/+$", "");
    return path.equals(".") ? "" : path;
  }
}
