package dev.capstan.upkeep;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Python package version as PEP 440 defines it: parsed with every normalisation the PEP lists
 * (case, a leading {@code v}, alternate pre-release spellings, {@code .}/{@code -}/{@code _}
 * separators, implicit numbers, {@code 1.0-1} as a post-release, surrounding whitespace) and
 * ordered exactly as the PEP orders them, so that advisories and indexes agree with pip.
 *
 * <p>Equality follows the ordering: {@code 1.0} equals {@code 1.0.0}.
 */
public final class Pep440Version implements Comparable<Pep440Version> {

  // PEP 440, Appendix B, "Parsing version strings with regular expressions".
  private static final Pattern VERSION =
      Pattern.compile(
          "v?"
              + "(?:(?<epoch>[0-9]+)!)?"
              + "(?<release>[0-9]+(?:\\.[0-9]+)*)"
              + "(?<pre>[-_.]?(?<preL>alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?<preN>[0-9]+)?)?"
              + "(?<post>(?:-(?<postN1>[0-9]+))"
              + "|(?:[-_.]?(?<postL>post|rev|r)[-_.]?(?<postN2>[0-9]+)?))?"
              + "(?<dev>[-_.]?(?<devL>dev)[-_.]?(?<devN>[0-9]+)?)?"
              + "(?:\\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?",
          Pattern.CASE_INSENSITIVE);

  private final BigInteger epoch;
  private final List<BigInteger> release;
  private final String preLabel; // a, b or rc; null when not a pre-release
  private final BigInteger preNumber;
  private final BigInteger post; // null when not a post-release
  private final BigInteger dev; // null when not a dev release
  private final List<String> local; // normalised segments, empty when public

  private Pep440Version(
      BigInteger epoch,
      List<BigInteger> release,
      String preLabel,
      BigInteger preNumber,
      BigInteger post,
      BigInteger dev,
      List<String> local) {
    this.epoch = epoch;
    this.release = release;
    this.preLabel = preLabel;
    this.preNumber = preNumber;
    this.post = post;
    this.dev = dev;
    this.local = local;
  }

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException naming the text when it is not a PEP 440 version
   */
  public static Pep440Version parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("not a PEP 440 version: null");
    }
    Matcher m = VERSION.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a PEP 440 version: \"" + text + "\"");
    }
    BigInteger epoch =
        m.group("epoch") == null ? BigInteger.ZERO : new BigInteger(m.group("epoch"));
    List<BigInteger> release = new ArrayList<>();
    for (String part : m.group("release").split("\\.")) {
      release.add(new BigInteger(part));
    }
    String preLabel = null;
    BigInteger preNumber = null;
    if (m.group("pre") != null) {
      preLabel = preLabel(m.group("preL"));
      preNumber = number(m.group("preN"));
    }
    BigInteger post = null;
    if (m.group("post") != null) {
      post = number(m.group("postN1") != null ? m.group("postN1") : m.group("postN2"));
    }
    BigInteger dev = m.group("dev") == null ? null : number(m.group("devN"));
    List<String> local = new ArrayList<>();
    if (m.group("local") != null) {
      for (String segment : m.group("local").toLowerCase(Locale.ROOT).split("[-_.]")) {
        local.add(
            segment.chars().allMatch(Character::isDigit)
                ? new BigInteger(segment).toString()
                : segment);
      }
    }
    return new Pep440Version(
        epoch,
        List.copyOf(release),
        preLabel,
        preNumber,
        post,
        dev,
        Collections.unmodifiableList(local));
  }

  /** Whether {@code text} parses as a PEP 440 version. */
  public static boolean isValid(String text) {
    return text != null && VERSION.matcher(text.strip()).matches();
  }

  private static String preLabel(String spelled) {
    return switch (spelled.toLowerCase(Locale.ROOT)) {
      case "a", "alpha" -> "a";
      case "b", "beta" -> "b";
      default -> "rc"; // c, rc, pre, preview
    };
  }

  private static BigInteger number(String digits) {
    return digits == null ? BigInteger.ZERO : new BigInteger(digits);
  }

  /** Whether this is a pre-release or a development release (pip skips both unless asked). */
  public boolean isPreRelease() {
    return preLabel != null || dev != null;
  }

  /** Whether this is a post-release. */
  public boolean isPostRelease() {
    return post != null;
  }

  /** Whether this carries a local version label ({@code +abc.1}). */
  public boolean isLocal() {
    return !local.isEmpty();
  }

  /** The same version without its local label. */
  public Pep440Version publicVersion() {
    return new Pep440Version(epoch, release, preLabel, preNumber, post, dev, List.of());
  }

  /** The normalised form PEP 440 gives, as pip prints it. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    if (epoch.signum() != 0) {
      out.append(epoch).append('!');
    }
    for (int i = 0; i < release.size(); i++) {
      out.append(i == 0 ? "" : ".").append(release.get(i));
    }
    if (preLabel != null) {
      out.append(preLabel).append(preNumber);
    }
    if (post != null) {
      out.append(".post").append(post);
    }
    if (dev != null) {
      out.append(".dev").append(dev);
    }
    if (!local.isEmpty()) {
      out.append('+').append(String.join(".", local));
    }
    return out.toString();
  }

  /**
   * PEP 440's order: epoch, then release (shorter padded with zeros), then dev-only releases before
   * pre-releases before the final before post-releases (dev releases of each before it), then a
   * local label after the public version it labels.
   */
  @Override
  public int compareTo(Pep440Version other) {
    int c = epoch.compareTo(other.epoch);
    if (c == 0) {
      c = compareRelease(release, other.release);
    }
    if (c == 0) {
      c = Integer.compare(phase(), other.phase());
    }
    if (c == 0 && preLabel != null) {
      c = preLabel.compareTo(other.preLabel); // "a" < "b" < "rc"
      if (c == 0) {
        c = preNumber.compareTo(other.preNumber);
      }
    }
    if (c == 0) {
      c = compareAbsentFirst(post, other.post);
    }
    if (c == 0) {
      c = compareAbsentLast(dev, other.dev);
    }
    if (c == 0) {
      c = compareLocal(local, other.local);
    }
    return c;
  }

  /** 0: a dev release of the final (1.0.dev1), before every pre-release; 1: pre; 2: the rest. */
  private int phase() {
    if (preLabel != null) {
      return 1;
    }
    return post == null && dev != null ? 0 : 2;
  }

  private static int compareRelease(List<BigInteger> a, List<BigInteger> b) {
    for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
      BigInteger x = i < a.size() ? a.get(i) : BigInteger.ZERO;
      BigInteger y = i < b.size() ? b.get(i) : BigInteger.ZERO;
      int c = x.compareTo(y);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  private static int compareAbsentFirst(BigInteger a, BigInteger b) {
    if (a == null || b == null) {
      return a == b ? 0 : a == null ? -1 : 1;
    }
    return a.compareTo(b);
  }

  private static int compareAbsentLast(BigInteger a, BigInteger b) {
    if (a == null || b == null) {
      return a == b ? 0 : a == null ? 1 : -1;
    }
    return a.compareTo(b);
  }

  /**
   * PEP 440: local segments compare one by one, numeric ones as numbers and above alphanumeric
   * ones, alphanumeric ones lexicographically; when all shared segments are equal, the longer wins.
   */
  private static int compareLocal(List<String> a, List<String> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      String x = a.get(i);
      String y = b.get(i);
      boolean xNumeric = isNumeric(x);
      boolean yNumeric = isNumeric(y);
      int c;
      if (xNumeric && yNumeric) {
        c = new BigInteger(x).compareTo(new BigInteger(y));
      } else if (xNumeric != yNumeric) {
        c = xNumeric ? 1 : -1;
      } else {
        c = x.compareTo(y);
      }
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  private static boolean isNumeric(String segment) {
    return segment.chars().allMatch(Character::isDigit);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Pep440Version other && compareTo(other) == 0;
  }

  @Override
  public int hashCode() {
    int end = release.size();
    while (end > 1 && release.get(end - 1).signum() == 0) {
      end--;
    }
    return Objects.hash(epoch, release.subList(0, end), preLabel, preNumber, post, dev, local);
  }
}
