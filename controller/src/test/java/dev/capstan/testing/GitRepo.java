package dev.capstan.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;

/** A real Git repository made by a test: write files, commit, get the commit id. */
public final class GitRepo implements AutoCloseable {

  private final Git git;
  private final Path dir;

  private GitRepo(Git git, Path dir) {
    this.git = git;
    this.dir = dir;
  }

  public static GitRepo init(Path dir) {
    try {
      Files.createDirectories(dir);
      return new GitRepo(
          Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call(), dir);
    } catch (IOException | GitAPIException e) {
      throw new IllegalStateException("cannot create a test repository in " + dir, e);
    }
  }

  public Path dir() {
    return dir;
  }

  public GitRepo write(String path, String content) {
    try {
      Path file = dir.resolve(path);
      Files.createDirectories(file.getParent());
      Files.writeString(file, content);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public GitRepo delete(String path) {
    try {
      Files.deleteIfExists(dir.resolve(path));
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Copies a folder's files (not {@code .git}) to {@code target} inside the repository. */
  public GitRepo copy(Path source, String target) {
    Path destination = dir.resolve(target);
    try {
      Files.walkFileTree(
          source,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path folder, BasicFileAttributes attrs)
                throws IOException {
              if (folder.getFileName().toString().equals("__pycache__")) {
                return FileVisitResult.SKIP_SUBTREE;
              }
              Files.createDirectories(destination.resolve(source.relativize(folder).toString()));
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.copy(
                  file,
                  destination.resolve(source.relativize(file).toString()),
                  StandardCopyOption.REPLACE_EXISTING,
                  StandardCopyOption.COPY_ATTRIBUTES);
              return FileVisitResult.CONTINUE;
            }
          });
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stages everything (deletions too) and commits; returns the full commit id. */
  public String commit(String message) {
    try {
      git.add().addFilepattern(".").call();
      git.add().addFilepattern(".").setUpdate(true).call();
      PersonIdent who = new PersonIdent("Capstan Test", "test@capstan.dev");
      return git.commit()
          .setMessage(message)
          .setAuthor(who)
          .setCommitter(who)
          .setSign(false)
          .call()
          .getName();
    } catch (GitAPIException e) {
      throw new IllegalStateException("commit failed in " + dir, e);
    }
  }

  public void tag(String name) {
    try {
      git.tag().setName(name).setSigned(false).setAnnotated(false).call();
    } catch (GitAPIException e) {
      throw new IllegalStateException("tag failed in " + dir, e);
    }
  }

  @Override
  public void close() {
    git.close();
  }
}
