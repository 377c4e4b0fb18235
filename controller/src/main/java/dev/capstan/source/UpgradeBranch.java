package dev.capstan.source;

import dev.capstan.model.RepositorySpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The Git side of {@code capstan upgrade}: reads a file of a commit from the controller's mirror,
 * makes a commit that changes that one file (in the mirror's object store, no work tree), and moves
 * a branch to it, fast-forward only, in a {@link Destination}: the repository itself (pushed with
 * its {@code credentials}, as fetches use them) or a local bare repository.
 *
 * <p>The mirror's own refs are never written: they are the repository's as last fetched, and the
 * next fetch brings a pushed branch back into them.
 */
public final class UpgradeBranch {

  static final int PUSH_TIMEOUT_SECONDS = 300;

  /**
   * Where the branch is moved.
   *
   * @param localRepository a bare repository on this machine (created when missing); null for the
   *     Application's repository itself
   */
  public record Destination(Path localRepository) {

    public static Destination repository() {
      return new Destination(null);
    }

    public static Destination local(Path bareRepository) {
      return new Destination(bareRepository.toAbsolutePath().normalize());
    }

    public boolean isRepository() {
      return localRepository == null;
    }
  }

  private final RepositoryMirrors mirrors;
  private final RepositorySpec repository;
  private final Path baseDir;

  public UpgradeBranch(RepositoryMirrors mirrors, RepositorySpec repository, Path baseDir) {
    this.mirrors = mirrors;
    this.repository = repository;
    this.baseDir = baseDir;
  }

  /** {@code file} (relative to {@code subPath}) as a path from the repository's root. */
  public static String pathInRepository(String subPath, String file) {
    String folder = RepositoryMirrors.normalizeSubPath(subPath);
    String relative = RepositoryMirrors.normalizeSubPath(file);
    return folder.isEmpty() ? relative : folder + "/" + relative;
  }

  /** What the repository shows of where it is, never a password. */
  public String display() throws SourceException {
    return location().display();
  }

  /**
   * The content of {@code path} (from the repository's root) in {@code commit}, as the mirror has
   * it.
   *
   * @throws SourceException when the commit is unknown or has no such file
   */
  public byte[] readFile(String commit, String path) throws SourceException {
    Mirror mirror = mirror();
    return mirror.locked(
        () -> {
          try (Repository git = mirror.open();
              RevWalk walk = new RevWalk(git)) {
            RevCommit parsed = walk.parseCommit(ObjectId.fromString(commit));
            try (TreeWalk tree = TreeWalk.forPath(git, path, parsed.getTree())) {
              if (tree == null || tree.getFileMode(0).getObjectType() != Constants.OBJ_BLOB) {
                throw new SourceException(
                    "commit " + commit.substring(0, 7) + " has no file " + path);
              }
              return git.open(tree.getObjectId(0)).getBytes();
            }
          }
        });
  }

  /**
   * A new commit whose only parent is {@code base} and whose tree is {@code base}'s with {@code
   * path} holding {@code content} (its file mode kept); written to the mirror's objects only.
   *
   * @return the new commit's id
   */
  public String commit(String base, String path, byte[] content, String message, PersonIdent by)
      throws SourceException {
    Mirror mirror = mirror();
    return mirror.locked(
        () -> {
          try (Repository git = mirror.open();
              RevWalk walk = new RevWalk(git);
              ObjectReader reader = git.newObjectReader();
              ObjectInserter inserter = git.newObjectInserter()) {
            RevCommit parent = walk.parseCommit(ObjectId.fromString(base));
            ObjectId blob = inserter.insert(Constants.OBJ_BLOB, content);
            DirCache index = DirCache.newInCore();
            DirCacheBuilder builder = index.builder();
            builder.addTree(new byte[0], DirCacheEntry.STAGE_0, reader, parent.getTree());
            builder.finish();
            DirCacheEditor editor = index.editor();
            editor.add(
                new DirCacheEditor.PathEdit(path) {
                  @Override
                  public void apply(DirCacheEntry entry) {
                    if (entry.getFileMode() == null || entry.getRawMode() == 0) {
                      entry.setFileMode(FileMode.REGULAR_FILE);
                    }
                    entry.setObjectId(blob);
                  }
                });
            editor.finish();
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(index.writeTree(inserter));
            commit.setParentId(parent);
            commit.setAuthor(by);
            commit.setCommitter(by);
            commit.setMessage(message);
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            return id.name();
          }
        });
  }

  /**
   * The commit {@code branch} points at in {@code destination}; null when it has no such branch.
   */
  public String tip(Destination destination, String branch) throws SourceException {
    String ref = Constants.R_HEADS + branch;
    if (!destination.isRepository()) {
      Path dir = destination.localRepository();
      if (!Files.isRegularFile(dir.resolve(Constants.HEAD))) {
        return null;
      }
      try (Repository git = Git.open(dir.toFile()).getRepository()) {
        Ref found = git.exactRef(ref);
        return found == null ? null : found.getObjectId().name();
      } catch (IOException e) {
        throw new SourceException("cannot read " + dir + ": " + e.getMessage(), e);
      }
    }
    RepositoryLocation location = location();
    try {
      Collection<Ref> refs =
          Git.lsRemoteRepository()
              .setRemote(location.url())
              .setHeads(true)
              .setCredentialsProvider(credentials(location))
              .setTimeout(PUSH_TIMEOUT_SECONDS)
              .call();
      return refs.stream()
          .filter(r -> r.getName().equals(ref))
          .map(r -> r.getObjectId().name())
          .findFirst()
          .orElse(null);
    } catch (GitAPIException | RuntimeException e) {
      throw new SourceException(
          "cannot list the branches of "
              + location.display()
              + ": "
              + Mirror.describe(e, location.url()),
          e);
    }
  }

  /**
   * Whether {@code tip} is {@code base} or one of its ancestors, as the mirror knows them; a tip
   * the mirror does not have (a commit pushed elsewhere and never fetched) is not.
   */
  public boolean isAncestorOf(String tip, String base) throws SourceException {
    Mirror mirror = mirror();
    return mirror.locked(
        () -> {
          try (Repository git = mirror.open();
              RevWalk walk = new RevWalk(git)) {
            RevCommit earlier;
            try {
              earlier = walk.parseCommit(ObjectId.fromString(tip));
            } catch (MissingObjectException unknown) {
              return false;
            }
            return walk.isMergedInto(earlier, walk.parseCommit(ObjectId.fromString(base)));
          }
        });
  }

  /**
   * Moves {@code branch} of {@code destination} to {@code commit} (from the mirror), fast-forward
   * only: a branch that moved meanwhile to something else is refused, not overwritten.
   *
   * @return where it went, for people: the repository's display URL or the local folder
   */
  public String publish(Destination destination, String branch, String commit)
      throws SourceException {
    RepositoryLocation location = location();
    String target;
    CredentialsProvider credentials;
    if (destination.isRepository()) {
      target = location.url();
      credentials = credentials(location);
    } else {
      target = destination.localRepository().toString();
      credentials = null;
      createBare(destination.localRepository());
    }
    String shown = destination.isRepository() ? location.display() : target;
    Mirror mirror = mirror();
    return mirror.locked(
        () -> {
          Iterable<PushResult> results;
          try (Repository git = mirror.open();
              Git api = new Git(git)) {
            results =
                api.push()
                    .setRemote(target)
                    .setRefSpecs(new RefSpec(commit + ":" + Constants.R_HEADS + branch))
                    .setCredentialsProvider(credentials)
                    .setTimeout(PUSH_TIMEOUT_SECONDS)
                    .call();
          } catch (GitAPIException | RuntimeException e) {
            throw new SourceException(
                "cannot push " + branch + " to " + shown + ": " + Mirror.describe(e, target), e);
          }
          for (PushResult result : results) {
            for (RemoteRefUpdate update : result.getRemoteUpdates()) {
              RemoteRefUpdate.Status status = update.getStatus();
              if (status != RemoteRefUpdate.Status.OK
                  && status != RemoteRefUpdate.Status.UP_TO_DATE) {
                throw new SourceException(
                    "cannot move "
                        + branch
                        + " of "
                        + shown
                        + " to "
                        + commit.substring(0, 7)
                        + ": "
                        + status
                        + (update.getMessage() == null ? "" : " (" + update.getMessage() + ")"));
              }
            }
          }
          return shown;
        });
  }

  private static void createBare(Path dir) throws SourceException {
    if (Files.isRegularFile(dir.resolve(Constants.HEAD))) {
      return;
    }
    try {
      Files.createDirectories(dir);
      Git.init().setBare(true).setGitDir(dir.toFile()).call().close();
    } catch (IOException | GitAPIException e) {
      throw new SourceException("cannot create a repository in " + dir + ": " + e.getMessage(), e);
    }
  }

  private CredentialsProvider credentials(RepositoryLocation location) throws SourceException {
    return RepositoryCredentials.forFetch(location, repository.credentials());
  }

  private RepositoryLocation location() throws SourceException {
    return RepositoryLocation.of(repository.url(), baseDir);
  }

  private Mirror mirror() throws SourceException {
    Mirror mirror = new Mirror(location(), mirrors.cacheDir());
    if (!mirror.exists()) {
      throw new SourceException(
          "no local mirror of " + location().display() + " yet: resolve a revision first");
    }
    return mirror;
  }
}
