package dev.capstan.source;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.SshSessionFactory;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.URIish;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bare mirror folder of one repository: created by an atomic rename, fetched and read under a
 * lock held both inside this JVM and, through a lock file, against other processes.
 */
final class Mirror {

  static final int FETCH_TIMEOUT_SECONDS = 300;

  private static final Logger LOG = LoggerFactory.getLogger(Mirror.class);

  private static final RefSpec BRANCHES = new RefSpec("+refs/heads/*:refs/heads/*");
  private static final RefSpec TAGS = new RefSpec("+refs/tags/*:refs/tags/*");

  /** Shared by every instance in the JVM, so two RepositoryMirrors on one folder cannot race. */
  private static final ConcurrentMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

  private final RepositoryLocation location;
  private final Path dir;
  private final Path lockFile;
  private final ReentrantLock lock;
  private volatile long lastFetchNanos;
  private volatile boolean fetchedOnce;

  Mirror(RepositoryLocation location, Path cacheDir) {
    this.location = location;
    Path absolute = cacheDir.toAbsolutePath().normalize();
    this.dir = absolute.resolve(location.mirrorName());
    this.lockFile = absolute.resolve(location.mirrorName() + ".lock");
    this.lock = LOCKS.computeIfAbsent(dir, d -> new ReentrantLock());
  }

  Path dir() {
    return dir;
  }

  /** What to run while the mirror is locked. */
  @FunctionalInterface
  interface Locked<T> {
    T run() throws SourceException, IOException;
  }

  /** Runs {@code action} holding this mirror's lock, within the JVM and across processes. */
  <T> T locked(Locked<T> action) throws SourceException {
    lock.lock();
    try {
      Files.createDirectories(dir.getParent());
      try (FileChannel channel =
              FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock ignored = channel.lock()) {
        return action.run();
      }
    } catch (IOException e) {
      throw new SourceException(
          "cannot use the mirror " + dir + " of " + location.display() + ": " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  boolean exists() {
    return Files.isRegularFile(dir.resolve(Constants.HEAD));
  }

  /** Whether a fetch is due: never fetched by this process, or longer ago than {@code interval}. */
  boolean fetchDue(long nowNanos, long intervalNanos) {
    return !fetchedOnce || nowNanos - lastFetchNanos >= intervalNanos;
  }

  /** Makes the next resolve of a moving revision fetch, whatever the interval. */
  void markStale() {
    fetchedOnce = false;
  }

  Repository open() throws IOException {
    return new FileRepositoryBuilder().setGitDir(dir.toFile()).setBare().setMustExist(true).build();
  }

  /** Clones (into a temporary folder, then renamed) or fetches; call only while locked. */
  void update(CredentialsProvider credentials, long nowNanos) throws SourceException, IOException {
    if (exists()) {
      LOG.debug("fetching {}", location.display());
      try (Repository repository = open()) {
        fetch(repository, credentials);
      }
    } else {
      LOG.info("cloning {} into {}", location.display(), dir);
      Path temporary = Files.createTempDirectory(dir.getParent(), dir.getFileName() + ".tmp-");
      try {
        try (Git git = Git.init().setBare(true).setGitDir(temporary.toFile()).call()) {
          writeMirrorConfig(git.getRepository());
          fetch(git.getRepository(), credentials);
        }
        Files.move(temporary, dir, StandardCopyOption.ATOMIC_MOVE);
      } catch (GitAPIException e) {
        throw new SourceException("cannot create a mirror of " + location.display(), e);
      } finally {
        deleteRecursively(temporary);
      }
    }
    fetchedOnce = true;
    lastFetchNanos = nowNanos;
  }

  private void fetch(Repository repository, CredentialsProvider credentials)
      throws SourceException, IOException {
    checkTransport();
    FetchResult result;
    try (Git git = new Git(repository)) {
      result =
          git.fetch()
              .setRemote(location.url())
              .setRefSpecs(BRANCHES, TAGS)
              .setTagOpt(TagOpt.NO_TAGS)
              .setRemoveDeletedRefs(true)
              .setCredentialsProvider(credentials)
              .setTimeout(FETCH_TIMEOUT_SECONDS)
              .call();
    } catch (GitAPIException | RuntimeException e) {
      throw new SourceException(
          "cannot fetch " + location.display() + ": " + describe(e, location.url()), e);
    }
    followDefaultBranch(repository, result);
  }

  /** JGit speaks SSH only through an extra module (absent here) or an external GIT_SSH program. */
  private void checkTransport() throws SourceException {
    if (location.kind() == RepositoryLocation.Kind.SSH
        && SshSessionFactory.getInstance() == null
        && System.getenv("GIT_SSH") == null) {
      throw new SourceException(
          "cannot fetch "
              + location.display()
              + ": this build has no SSH transport for Git; set GIT_SSH=ssh to use the system ssh"
              + " client, or use an https URL");
    }
  }

  /**
   * What went wrong, for a user: the messages along the cause chain from JGit's transport error on,
   * each once and without the URL the caller already names; no stack trace.
   */
  static String describe(Throwable error, String url) {
    Throwable start = error;
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof org.eclipse.jgit.errors.TransportException) {
        start = t;
        break;
      }
    }
    StringBuilder text = new StringBuilder();
    for (Throwable t = start; t != null; t = t.getCause()) {
      String message =
          t.getMessage() != null
              ? withoutUrlPrefix(t.getMessage(), url)
              : t.getClass().getSimpleName();
      if (text.indexOf(message) < 0) {
        text.append(text.length() == 0 ? "" : ": ").append(message);
      }
    }
    return text.toString();
  }

  private static String withoutUrlPrefix(String message, String url) {
    String shown = url;
    try {
      shown = new URIish(url).setPass(null).toString();
    } catch (URISyntaxException e) {
      // Not parseable as a URI: JGit would not have printed it differently either.
    }
    for (String prefix : new String[] {shown + ": ", url + ": "}) {
      if (message.startsWith(prefix)) {
        return message.substring(prefix.length());
      }
    }
    return message;
  }

  /** Points the mirror's HEAD at the branch the remote's HEAD names, as a clone would. */
  private static void followDefaultBranch(Repository repository, FetchResult result)
      throws IOException {
    Ref remoteHead = result.getAdvertisedRef(Constants.HEAD);
    String target = null;
    if (remoteHead != null && remoteHead.isSymbolic()) {
      target = remoteHead.getTarget().getName();
    } else if (remoteHead != null && remoteHead.getObjectId() != null) {
      target = branchAt(result, remoteHead);
    }
    if (target == null || repository.exactRef(target) == null) {
      return;
    }
    RefUpdate update = repository.updateRef(Constants.HEAD);
    update.disableRefLog();
    update.link(target);
  }

  /** An old server that does not say which branch HEAD is: guess as {@code git clone} does. */
  private static String branchAt(FetchResult result, Ref head) {
    for (String preferred : new String[] {"refs/heads/main", "refs/heads/master"}) {
      Ref ref = result.getAdvertisedRef(preferred);
      if (ref != null && head.getObjectId().equals(ref.getObjectId())) {
        return preferred;
      }
    }
    return result.getAdvertisedRefs().stream()
        .filter(ref -> ref.getName().startsWith(Constants.R_HEADS))
        .filter(ref -> head.getObjectId().equals(ref.getObjectId()))
        .map(Ref::getName)
        .sorted()
        .findFirst()
        .orElse(null);
  }

  private void writeMirrorConfig(Repository repository) throws IOException {
    StoredConfig config = repository.getConfig();
    // Only for people looking into the cache: fetches always name the URL explicitly.
    config.setString("remote", "origin", "url", location.display());
    // A fetch may start an automatic gc; in the background it would race with readers and with
    // the rename of a fresh clone, so it runs in the fetching thread, under the mirror's lock.
    config.setBoolean(ConfigConstants.CONFIG_GC_SECTION, null, "autoDetach", false);
    config.save();
  }

  private static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(path)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
