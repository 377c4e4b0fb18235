package dev.capstan.source;

import dev.capstan.model.RepositorySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/** A real Git repository with a working tree that tests commit to and mirror from. */
final class TestOrigin implements AutoCloseable {

  private final Git git;
  private final Path dir;

  private TestOrigin(Git git, Path dir) {
    this.git = git;
    this.dir = dir;
  }

  static TestOrigin create(Path dir) throws GitAPIException {
    return new TestOrigin(
        Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call(), dir);
  }

  Path dir() {
    return dir;
  }

  RepositorySpec spec() {
    return spec(dir.toString(), "");
  }

  /** The repository with no poll interval: each resolve of a branch fetches. */
  static RepositorySpec spec(String url, String subPath) {
    return new RepositorySpec(url, subPath, null, Duration.ZERO);
  }

  TestOrigin write(String path, String content) throws IOException {
    Path file = dir.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return this;
  }

  TestOrigin executable(String path, String content) throws IOException {
    write(path, content);
    Files.setPosixFilePermissions(dir.resolve(path), PosixFilePermissions.fromString("rwxr-xr-x"));
    return this;
  }

  TestOrigin symlink(String path, String target) throws IOException {
    Path link = dir.resolve(path);
    Files.createDirectories(link.getParent());
    Files.createSymbolicLink(link, Path.of(target));
    return this;
  }

  /** Records a submodule entry (a gitlink) in the index, as {@code git submodule add} would. */
  TestOrigin gitlink(String path, String commit) throws IOException {
    DirCache index = git.getRepository().lockDirCache();
    DirCacheEditor editor = index.editor();
    editor.add(
        new DirCacheEditor.PathEdit(path) {
          @Override
          public void apply(DirCacheEntry entry) {
            entry.setFileMode(FileMode.GITLINK);
            entry.setObjectId(ObjectId.fromString(commit));
          }
        });
    editor.commit();
    return this;
  }

  String commit(String message) throws GitAPIException {
    git.add().addFilepattern(".").call();
    return git.commit().setMessage(message).setSign(false).call().name();
  }

  void tag(String name) throws GitAPIException {
    git.tag().setName(name).setAnnotated(false).setSigned(false).call();
  }

  void tagAt(String name, String commit) throws GitAPIException, IOException {
    try (RevWalk walk = new RevWalk(git.getRepository())) {
      git.tag()
          .setName(name)
          .setAnnotated(false)
          .setSigned(false)
          .setObjectId(walk.parseCommit(ObjectId.fromString(commit)))
          .call();
    }
  }

  void annotatedTag(String name) throws GitAPIException {
    git.tag()
        .setName(name)
        .setAnnotated(true)
        .setMessage("release " + name)
        .setSigned(false)
        .call();
  }

  void branch(String name) throws GitAPIException {
    git.branchCreate().setName(name).call();
  }

  void deleteBranch(String name) throws GitAPIException {
    git.branchDelete().setBranchNames(name).setForce(true).call();
  }

  void checkout(String name) throws GitAPIException {
    git.checkout().setName(name).call();
  }

  /** Makes {@code branch} the repository's default branch, as a hosting service setting would. */
  void setDefaultBranch(String branch) throws IOException {
    RefUpdate update = git.getRepository().updateRef(Constants.HEAD);
    update.link(Constants.R_HEADS + branch);
  }

  /**
   * Adds a chain of empty commits on {@code branch} until two of them share their first four hex
   * digits, and returns that prefix (a few hundred commits, made in memory in milliseconds).
   */
  String commitsUntilShortCollision(String branch) throws IOException {
    PersonIdent who =
        new PersonIdent(
            "Test", "test@example.com", Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);
    Set<String> prefixes = new HashSet<>();
    try (ObjectInserter inserter = git.getRepository().newObjectInserter()) {
      ObjectId tree = inserter.insert(Constants.OBJ_TREE, new byte[0]);
      ObjectId parent = git.getRepository().resolve(Constants.HEAD);
      for (int i = 0; ; i++) {
        CommitBuilder commit = new CommitBuilder();
        commit.setTreeId(tree);
        commit.setParentId(parent);
        commit.setAuthor(who);
        commit.setCommitter(who);
        commit.setMessage("filler " + i);
        parent = inserter.insert(commit);
        String prefix = parent.name().substring(0, 4);
        if (!prefixes.add(prefix)) {
          inserter.flush();
          RefUpdate update = git.getRepository().updateRef(Constants.R_HEADS + branch);
          update.setNewObjectId(parent);
          update.forceUpdate();
          return prefix;
        }
      }
    }
  }

  /** The mode {@code path} has in the last commit, or null when it is not there. */
  FileMode modeAtHead(String path) throws IOException {
    try (TreeWalk walk = TreeWalk.forPath(git.getRepository(), path, head().getTree())) {
      return walk == null ? null : walk.getFileMode(0);
    }
  }

  RevCommit head() throws IOException {
    return git.getRepository().parseCommit(git.getRepository().resolve(Constants.HEAD));
  }

  @Override
  public void close() {
    git.close();
  }
}
