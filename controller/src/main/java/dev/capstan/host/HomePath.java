package dev.capstan.host;

import java.nio.file.Path;

/** Expands a leading {@code ~} in paths from the spec, as OpenSSH does for its own files. */
public final class HomePath {

  private HomePath() {}

  /**
   * {@code ~} and {@code ~/rest} resolve against the controller user's home directory; every other
   * path (including {@code ~other/rest}) is returned unchanged.
   */
  public static Path expand(String path) {
    Path home = Path.of(System.getProperty("user.home"));
    if (path.equals("~")) {
      return home;
    }
    if (path.startsWith("~/")) {
      return home.resolve(path.substring(2));
    }
    return Path.of(path);
  }
}
