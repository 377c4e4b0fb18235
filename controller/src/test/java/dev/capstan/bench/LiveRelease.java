package dev.capstan.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads, from this side, what one host really runs in one deploy folder: where its {@code current}
 * link points, that release's {@code REVISION}, and the commit its activate step recorded in {@code
 * shared/logs/activated}. Tools write absolute links in the host's own view (under the mount point)
 * or relative ones; both are followed into the host's folder here.
 */
final class LiveRelease {

  private LiveRelease() {}

  /** Why the host does not run {@code commit} live and activated, or empty when it does. */
  static Optional<String> problem(Path hostDir, String mountPoint, String folder, String commit) {
    Path deploy = hostDir.resolve(folder);
    Path current = deploy.resolve("current");
    try {
      if (!Files.isSymbolicLink(current)) {
        return Optional.of(current + " is not a symlink");
      }
      Path target = Files.readSymbolicLink(current);
      Path release = hostView(hostDir, mountPoint, deploy, target);
      if (release == null || !deploy.resolve("releases").equals(release.getParent())) {
        return Optional.of("current -> " + target + " is not a release of " + folder);
      }
      String live = read(release.resolve("REVISION"));
      if (!commit.equals(live)) {
        return Optional.of(
            "current -> " + target + " has REVISION " + live + ", expected " + commit);
      }
      String activated = read(deploy.resolve("shared/logs/activated"));
      if (!commit.equals(activated)) {
        return Optional.of("the activate step recorded " + activated + ", expected " + commit);
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of("cannot read " + current + ": " + e);
    }
  }

  /** The link target as a path on this side, or null when it leaves the host's folder. */
  private static Path hostView(Path hostDir, String mountPoint, Path deploy, Path target) {
    if (!target.isAbsolute()) {
      return deploy.resolve(target).normalize();
    }
    Path mount = Path.of(mountPoint);
    Path normalized = target.normalize();
    return normalized.startsWith(mount)
        ? hostDir.resolve(mount.relativize(normalized).toString())
        : null;
  }

  private static String read(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file).strip() : "(no " + file.getFileName() + ")";
  }
}
