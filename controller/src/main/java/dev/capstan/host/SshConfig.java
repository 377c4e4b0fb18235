package dev.capstan.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An OpenSSH client configuration file ({@code ~/.ssh/config}, see ssh_config(5)), read for the
 * options Capstan honours: {@code HostName}, {@code User}, {@code Port}, {@code IdentityFile},
 * {@code ProxyJump} and {@code UserKnownHostsFile}. As in OpenSSH, the first value found for an
 * option wins (the file is read top to bottom, through every {@code Host} block whose patterns
 * match), except {@code IdentityFile}, whose values add up. Patterns use {@code *}, {@code ?} and a
 * leading {@code !} to exclude; lines before the first {@code Host} apply to every host. Other
 * options are ignored, with one line at debug level; {@code Match} blocks are skipped the same way.
 * {@code Include} reads further files (relative names against {@code ~/.ssh}, globs allowed).
 */
public final class SshConfig {

  private static final Map<Path, Cached> CACHE = new ConcurrentHashMap<>();

  /** A config file that cannot be used, at a 1-based line of a file. */
  public static final class ParseException extends Exception {
    private final Path file;
    private final int line;
    private final String reason;

    ParseException(Path file, int line, String message) {
      super(file + (line > 0 ? ":" + line : "") + ": " + message);
      this.file = file;
      this.line = line;
      this.reason = message;
    }

    /** What is wrong, without the place. */
    public String reason() {
      return reason;
    }

    public Path file() {
      return file;
    }

    public int line() {
      return line;
    }
  }

  /** The options found for one host; null (or empty) where the file says nothing. */
  public record HostOptions(
      String hostName,
      String user,
      Integer port,
      List<String> identityFiles,
      String proxyJump,
      List<String> knownHostsFiles) {

    public static final HostOptions NONE =
        new HostOptions(null, null, null, List.of(), null, List.of());
  }

  /** One honoured option line: its keyword, lower-cased, and its arguments. */
  record Option(String keyword, List<String> args) {}

  /** A {@code Host} block: its patterns and the honoured options under it, in file order. */
  record Block(List<String> patterns, List<Option> options) {}

  private record Cached(long size, long modified, SshConfig config) {}

  private final Path file;
  private final List<Block> blocks;

  private SshConfig(Path file, List<Block> blocks) {
    this.file = file;
    this.blocks = blocks;
  }

  /** A configuration that sets nothing. */
  public static SshConfig empty() {
    return new SshConfig(null, List.of());
  }

  /**
   * Reads {@code file}, or returns the copy read before when its size and modification time are
   * unchanged.
   *
   * @throws ParseException when it (or a file it includes) cannot be read or a line is wrong
   */
  public static SshConfig load(Path file) throws ParseException {
    long size;
    long modified;
    try {
      size = Files.size(file);
      modified = Files.getLastModifiedTime(file).toMillis();
    } catch (IOException e) {
      throw new ParseException(
          file, 0, "cannot read the ssh config file: " + SshConfigFile.describe(e));
    }
    Cached cached = CACHE.get(file);
    if (cached != null && cached.size() == size && cached.modified() == modified) {
      return cached.config();
    }
    List<Block> blocks = new ArrayList<>();
    blocks.add(new Block(List.of("*"), new ArrayList<>()));
    SshConfigFile.read(file, blocks, 0);
    SshConfig config = new SshConfig(file, List.copyOf(blocks));
    CACHE.put(file, new Cached(size, modified, config));
    return config;
  }

  /** Parses text, for tests. */
  static SshConfig parse(Path file, List<String> lines) throws ParseException {
    List<Block> blocks = new ArrayList<>();
    blocks.add(new Block(List.of("*"), new ArrayList<>()));
    SshConfigFile.parseLines(file, lines, blocks, 0);
    return new SshConfig(file, List.copyOf(blocks));
  }

  /** The file read, null for {@link #empty()}. */
  public Path file() {
    return file;
  }

  /** The options for {@code host} as written in the spec (an alias or a real name). */
  public HostOptions lookup(String host) {
    Map<String, List<String>> first = new LinkedHashMap<>();
    List<String> identityFiles = new ArrayList<>();
    for (Block block : blocks) {
      if (!matches(block.patterns(), host)) {
        continue;
      }
      for (Option option : block.options()) {
        if (option.keyword().equals("identityfile")) {
          identityFiles.add(option.args().get(0));
        } else {
          first.putIfAbsent(option.keyword(), option.args());
        }
      }
    }
    String hostName = firstArg(first.get("hostname"));
    String portText = firstArg(first.get("port"));
    List<String> knownHosts = first.getOrDefault("userknownhostsfile", List.of());
    if (knownHosts.size() == 1 && knownHosts.get(0).equalsIgnoreCase("none")) {
      knownHosts = List.of();
    }
    return new HostOptions(
        hostName == null ? null : hostName.replace("%h", host).replace("%%", "%"),
        firstArg(first.get("user")),
        portText == null ? null : Integer.valueOf(portText),
        List.copyOf(identityFiles),
        firstArg(first.get("proxyjump")),
        List.copyOf(knownHosts));
  }

  private static String firstArg(List<String> args) {
    return args == null ? null : args.get(0);
  }

  /** ssh_config(5) PATTERNS: a negated match excludes the host whatever else matches. */
  static boolean matches(List<String> patterns, String host) {
    boolean matched = false;
    String lower = host.toLowerCase(Locale.ROOT);
    for (String pattern : patterns) {
      boolean negated = pattern.startsWith("!");
      String glob = (negated ? pattern.substring(1) : pattern).toLowerCase(Locale.ROOT);
      if (glob(glob, 0, lower, 0)) {
        if (negated) {
          return false;
        }
        matched = true;
      }
    }
    return matched;
  }

  private static boolean glob(String pattern, int p, String text, int t) {
    while (p < pattern.length()) {
      char c = pattern.charAt(p);
      if (c == '*') {
        for (int i = t; i <= text.length(); i++) {
          if (glob(pattern, p + 1, text, i)) {
            return true;
          }
        }
        return false;
      }
      if (t >= text.length() || (c != '?' && c != text.charAt(t))) {
        return false;
      }
      p++;
      t++;
    }
    return t == text.length();
  }
}
