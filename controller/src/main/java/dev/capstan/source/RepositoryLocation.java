package dev.capstan.source;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where a repository lives once its spec URL is resolved: the URL JGit fetches from, a display form
 * safe for messages, and the name of its mirror folder.
 *
 * @param url what JGit fetches from (local paths made absolute)
 * @param display {@code url} with any password in it masked; used in messages and results
 * @param kind how the repository is reached
 */
record RepositoryLocation(String url, String display, Kind kind) {

  /** How a repository is reached, which decides what credentials mean for it. */
  enum Kind {
    LOCAL,
    SSH,
    HTTP,
    OTHER
  }

  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://");
  private static final Pattern PASSWORD =
      Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://[^/@:]*):[^/@]*@");
  private static final Pattern NOT_SLUG = Pattern.compile("[^A-Za-z0-9._-]+");

  /** Resolves a spec URL: URLs and scp-like {@code user@host:path} stay, paths become absolute. */
  static RepositoryLocation of(String specUrl, Path baseDir) throws SourceException {
    if (specUrl == null || specUrl.isBlank()) {
      throw new SourceException("repository url is empty");
    }
    String url = specUrl.strip();
    if (SCHEME.matcher(url).find()) {
      String scheme = url.substring(0, url.indexOf(':')).toLowerCase(Locale.ROOT);
      String display = PASSWORD.matcher(url).replaceFirst("$1:***@");
      return new RepositoryLocation(url, display, kindOf(scheme));
    }
    if (isScpLike(url)) {
      return new RepositoryLocation(url, url, Kind.SSH);
    }
    String path = resolvePath(url, baseDir).toString();
    return new RepositoryLocation(path, path, Kind.LOCAL);
  }

  /** The mirror's folder name: a readable slug and a hash of the URL, so no two URLs collide. */
  String mirrorName() {
    String trimmed = url.replaceAll("[/\\\\]+$", "").replaceAll("\\.git$", "");
    int start = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf(':')) + 1;
    String last = trimmed.substring(start);
    String slug = NOT_SLUG.matcher(last).replaceAll("-");
    if (slug.length() > 40) {
      slug = slug.substring(0, 40);
    }
    return (slug.isEmpty() ? "repository" : slug) + "-" + hash(url) + ".git";
  }

  private static Kind kindOf(String scheme) {
    switch (scheme) {
      case "file":
        return Kind.LOCAL;
      case "ssh":
      case "git+ssh":
      case "ssh+git":
        return Kind.SSH;
      case "http":
      case "https":
        return Kind.HTTP;
      default:
        return Kind.OTHER;
    }
  }

  /** Git's rule: a colon before the first slash means {@code [user@]host:path}. */
  private static boolean isScpLike(String url) {
    int colon = url.indexOf(':');
    int slash = url.indexOf('/');
    return colon > 0 && (slash < 0 || colon < slash);
  }

  private static Path resolvePath(String url, Path baseDir) {
    Path path = expandHome(url);
    if (!path.isAbsolute()) {
      path = (baseDir != null ? baseDir : Path.of("")).resolve(path);
    }
    return path.toAbsolutePath().normalize();
  }

  /** A path with a leading {@code ~} meaning the user's home folder. */
  static Path expandHome(String path) {
    if (path.equals("~") || path.startsWith("~/")) {
      return Path.of(System.getProperty("user.home"), path.substring(1).replaceFirst("^/", ""));
    }
    return Path.of(path);
  }

  private static String hash(String url) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      byte[] digest = sha256.digest(url.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
