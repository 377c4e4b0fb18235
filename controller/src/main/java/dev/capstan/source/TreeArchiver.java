package dev.capstan.source;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Writes one commit's tree, or one folder of it, as a POSIX tar: modes and symlinks kept,
 * submodules skipped, every entry dated at the commit time so equal trees give equal bytes.
 */
final class TreeArchiver {

  private static final int DIRECTORY_MODE = 0755;
  private static final int SYMLINK_MODE = 0777;

  private final Repository repository;
  private final RepositoryLocation location;

  TreeArchiver(Repository repository, RepositoryLocation location) {
    this.repository = repository;
    this.location = location;
  }

  /** Writes the tar to {@code out} and finishes it, but leaves {@code out} open. */
  void write(ObjectId commitId, String subPath, OutputStream out)
      throws SourceException, IOException {
    try (RevWalk walk = new RevWalk(repository);
        ObjectReader reader = repository.newObjectReader()) {
      RevCommit commit = walk.parseCommit(commitId);
      ObjectId tree = folder(reader, commit, subPath);
      TarArchiveOutputStream tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      tar.setAddPaxHeadersForNonAsciiNames(true);
      writeEntries(reader, tree, commit.getCommitTime() * 1000L, tar);
      tar.finish();
      tar.flush();
    }
  }

  /** The tree to archive: the commit's root, or the folder {@code subPath} names. */
  private ObjectId folder(ObjectReader reader, RevCommit commit, String subPath)
      throws SourceException, IOException {
    if (subPath.isEmpty()) {
      return commit.getTree();
    }
    try (TreeWalk walk = TreeWalk.forPath(reader, subPath, commit.getTree())) {
      if (walk == null) {
        throw new SourceException(
            "subPath \""
                + subPath
                + "\" not found in commit "
                + commit.name()
                + " of "
                + location.display());
      }
      if (!FileMode.TREE.equals(walk.getFileMode(0))) {
        throw new SourceException(
            "subPath \""
                + subPath
                + "\" is not a folder in commit "
                + commit.name()
                + " of "
                + location.display());
      }
      return walk.getObjectId(0);
    }
  }

  private static void writeEntries(
      ObjectReader reader, ObjectId tree, long modTime, TarArchiveOutputStream tar)
      throws IOException {
    try (TreeWalk walk = new TreeWalk(reader)) {
      walk.addTree(tree);
      walk.setRecursive(false);
      while (walk.next()) {
        FileMode mode = walk.getFileMode(0);
        String path = walk.getPathString();
        if (FileMode.TREE.equals(mode)) {
          tar.putArchiveEntry(entry(path + "/", TarConstants.LF_DIR, DIRECTORY_MODE, modTime));
          tar.closeArchiveEntry();
          walk.enterSubtree();
        } else if (FileMode.SYMLINK.equals(mode)) {
          TarArchiveEntry link = entry(path, TarConstants.LF_SYMLINK, SYMLINK_MODE, modTime);
          byte[] target = reader.open(walk.getObjectId(0)).getBytes();
          link.setLinkName(new String(target, StandardCharsets.UTF_8));
          tar.putArchiveEntry(link);
          tar.closeArchiveEntry();
        } else if (FileMode.REGULAR_FILE.equals(mode) || FileMode.EXECUTABLE_FILE.equals(mode)) {
          int fileMode = FileMode.EXECUTABLE_FILE.equals(mode) ? 0755 : 0644;
          ObjectLoader blob = reader.open(walk.getObjectId(0));
          TarArchiveEntry file = entry(path, TarConstants.LF_NORMAL, fileMode, modTime);
          file.setSize(blob.getSize());
          tar.putArchiveEntry(file);
          blob.copyTo(tar);
          tar.closeArchiveEntry();
        }
        // Gitlinks (submodules) are skipped: their commits live in other repositories.
      }
    }
  }

  private static TarArchiveEntry entry(String name, byte type, int mode, long modTime) {
    TarArchiveEntry entry = new TarArchiveEntry(name, type, false);
    entry.setMode(mode);
    entry.setModTime(modTime);
    entry.setIds(0, 0);
    entry.setUserName("");
    entry.setGroupName("");
    return entry;
  }
}
