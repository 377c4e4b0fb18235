package dev.capstan.release;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where newer versions of a release's packages are looked up, from the host: a PEP 503 simple index
 * ({@code url}, http or https) or a folder of wheels and sdists on the host ({@code findLinks},
 * absolute). A URL may carry credentials ({@code https://user:token@host/simple}): {@link #shown()}
 * never does.
 */
public record PackageSource(String url, String findLinks) {

  public PackageSource {
    if ((url == null) == (findLinks == null)) {
      throw new IllegalArgumentException("upkeep.index: give exactly one of url and findLinks");
    }
    if (url != null) {
      requireUrl(url);
    } else if (!findLinks.startsWith("/") || findLinks.contains("\n") || findLinks.contains("\0")) {
      throw new IllegalArgumentException(
          "upkeep.index.findLinks: an absolute folder on the host, not " + findLinks);
    }
  }

  public static PackageSource url(String url) {
    return new PackageSource(url, null);
  }

  public static PackageSource findLinks(String folder) {
    return new PackageSource(null, folder);
  }

  public boolean isUrl() {
    return url != null;
  }

  /** The URL or the folder, as given: what the host is passed. */
  public String location() {
    return isUrl() ? url : findLinks;
  }

  /** The URL without its user and password, or the folder: what messages may show. */
  public String shown() {
    if (!isUrl()) {
      return findLinks;
    }
    URI uri = URI.create(url);
    String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    return uri.getScheme() + "://" + uri.getHost() + port + path;
  }

  private static void requireUrl(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      // The reason quotes the input, which may hold a password: say only where it fails.
      throw new IllegalArgumentException(
          "upkeep.index.url: not a URL (at character " + e.getIndex() + ")");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("upkeep.index.url: http or https only");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException("upkeep.index.url: names no host");
    }
  }
}
