package dev.capstan.upkeep;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a PEP 503 project page ({@code <index>/<project>/}): one anchor per file, its text the file
 * name. Anchors marked {@code data-yanked} are skipped, as pip skips them when a version is not
 * pinned.
 */
public final class SimpleIndexPage {

  private static final Pattern ANCHOR =
      Pattern.compile("<a\\b([^>]*)>(.*?)</a\\s*>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern YANKED =
      Pattern.compile("(^|\\s)data-yanked(\\s|=|$)", Pattern.CASE_INSENSITIVE);
  private static final Pattern HREF =
      Pattern.compile("href\\s*=\\s*(\"([^\"]*)\"|'([^']*)')", Pattern.CASE_INSENSITIVE);

  private SimpleIndexPage() {}

  /** The distinct versions of {@code projectName} the page offers, ascending. */
  public static List<Pep440Version> versions(String projectName, String html) {
    List<String> files = new ArrayList<>();
    Matcher anchor = ANCHOR.matcher(html);
    while (anchor.find()) {
      String attributes = anchor.group(1);
      if (YANKED.matcher(attributes).find()) {
        continue;
      }
      String text = unescape(anchor.group(2).replaceAll("<[^>]*>", "").strip());
      files.add(text.isEmpty() ? fromHref(attributes) : text);
    }
    return FileNames.versions(projectName, files);
  }

  /** The last path segment of the href, without its {@code #sha256=} fragment. */
  private static String fromHref(String attributes) {
    Matcher href = HREF.matcher(attributes);
    if (!href.find()) {
      return "";
    }
    String url = unescape(href.group(2) != null ? href.group(2) : href.group(3));
    url = url.replaceAll("[#?].*$", "");
    return URLDecoder.decode(url.substring(url.lastIndexOf('/') + 1), StandardCharsets.UTF_8);
  }

  private static String unescape(String text) {
    return text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
  }
}
