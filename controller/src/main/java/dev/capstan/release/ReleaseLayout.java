package dev.capstan.release;

import java.util.regex.Pattern;

/**
 * The Capistrano-shaped folder layout under an Application's {@code deployPath}: the one place that
 * knows where releases, {@code current}, {@code shared} and Capstan's bookkeeping live.
 */
public record ReleaseLayout(String deployPath) {

  /** {@code <UTC yyyyMMddHHmmss>-<short sha>}: the only names the engine creates or removes. */
  public static final Pattern RELEASE_NAME = Pattern.compile("\\d{14}-[0-9a-f]{7,40}");

  public String releasesDir() {
    return deployPath + "/releases";
  }

  public String release(String name) {
    requireReleaseName(name);
    return releasesDir() + "/" + name;
  }

  public String sharedDir() {
    return deployPath + "/shared";
  }

  public String bookkeepingDir() {
    return deployPath + "/.capstan";
  }

  public String pipCacheDir() {
    return bookkeepingDir() + "/pip-cache";
  }

  /** The relative link target {@code current} holds for a release. */
  public static String currentTarget(String releaseName) {
    requireReleaseName(releaseName);
    return "releases/" + releaseName;
  }

  /** The release a {@code current} link target names, or null when it names none. */
  public static String releaseNameOf(String currentTarget) {
    if (currentTarget == null) {
      return null;
    }
    String name = currentTarget.replaceFirst("^(.*/)?releases/", "").replaceFirst("/$", "");
    return RELEASE_NAME.matcher(name).matches() ? name : null;
  }

  /** Whether {@code name} is one the engine could have made. */
  public static boolean isReleaseName(String name) {
    return name != null && RELEASE_NAME.matcher(name).matches();
  }

  /**
   * Guards every path that reaches {@code rm -rf}: release names are generated, never free text.
   */
  static void requireReleaseName(String name) {
    if (name == null || !RELEASE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a release name: " + name);
    }
  }
}
