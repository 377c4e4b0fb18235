package dev.capstan.host;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

  private static final Logger LOG = LoggerFactory.getLogger(SshConfig.class);
  private static final Set<String> HONOURED =
      Set.of("hostname", "user", "port", "identityfile", "proxyjump", "userknownhostsfile");
  private static final int MAX_INCLUDE_DEPTH = 16;
  private static final Map<Path, Cached> CACHE = new ConcurrentHashMap<>();

  /** Options already reported as ignored, so each costs one debug line per controller run. */
  private static final Set<String> IGNORED = ConcurrentHashMap.newKeySet();

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

  private record Option(String keyword, List<String> args) {}

  private record Block(List<String> patterns, List<Option> options) {}

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
      throw new ParseException(file, 0, "cannot read the ssh config file: " + describe(e));
    }
    Cached cached = CACHE.get(file);
    if (cached != null && cached.size() == size && cached.modified() == modified) {
      return cached.config();
    }
    List<Block> blocks = new ArrayList<>();
    blocks.add(new Block(List.of("*"), new ArrayList<>()));
    read(file, blocks, 0);
    SshConfig config = new SshConfig(file, List.copyOf(blocks));
    CACHE.put(file, new Cached(size, modified, config));
    return config;
  }

  /** Parses text, for tests. */
  static SshConfig parse(Path file, List<String> lines) throws ParseException {
    List<Block> blocks = new ArrayList<>();
    blocks.add(new Block(List.of("*"), new ArrayList<>()));
    parseLines(file, lines, blocks, 0);
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

  private static void read(Path file, List<Block> blocks, int depth) throws ParseException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new ParseException(file, 0, "cannot read the ssh config file: " + describe(e));
    }
    parseLines(file, lines, blocks, depth);
  }

  private static void parseLines(Path file, List<String> lines, List<Block> blocks, int depth)
      throws ParseException {
    // Options under Match are skipped: their conditions are not evaluated.
    boolean inMatch = false;
    for (int i = 0; i < lines.size(); i++) {
      int number = i + 1;
      List<String> words = split(file, number, lines.get(i));
      if (words.isEmpty()) {
        continue;
      }
      String keyword = words.get(0).toLowerCase(Locale.ROOT);
      List<String> args = words.subList(1, words.size());
      switch (keyword) {
        case "host" -> {
          if (args.isEmpty()) {
            throw new ParseException(file, number, "Host needs at least one pattern");
          }
          blocks.add(new Block(List.copyOf(args), new ArrayList<>()));
          inMatch = false;
        }
        case "match" -> {
          ignore(file, number, "Match");
          inMatch = true;
        }
        case "include" -> {
          if (args.isEmpty()) {
            throw new ParseException(file, number, "Include needs a file name");
          }
          if (depth >= MAX_INCLUDE_DEPTH) {
            throw new ParseException(file, number, "Include nested too deeply");
          }
          if (!inMatch) {
            for (String pattern : args) {
              for (Path included : expandInclude(file, number, pattern)) {
                read(included, blocks, depth + 1);
              }
            }
          }
        }
        default -> {
          if (args.isEmpty()) {
            throw new ParseException(file, number, words.get(0) + " needs a value");
          }
          if (!HONOURED.contains(keyword)) {
            ignore(file, number, words.get(0));
          } else if (!inMatch) {
            check(file, number, keyword, args);
            blocks.get(blocks.size() - 1).options().add(new Option(keyword, List.copyOf(args)));
          }
        }
      }
    }
  }

  private static void check(Path file, int line, String keyword, List<String> args)
      throws ParseException {
    if (keyword.equals("port")) {
      int port;
      try {
        port = Integer.parseInt(args.get(0));
      } catch (NumberFormatException e) {
        port = -1;
      }
      if (port < 1 || port > 65535) {
        throw new ParseException(
            file, line, "Port must be a number from 1 to 65535, not " + args.get(0));
      }
    }
  }

  private static void ignore(Path file, int line, String keyword) {
    if (IGNORED.add(keyword.toLowerCase(Locale.ROOT))) {
      LOG.debug("{}:{}: {} is not used by Capstan; ignored", file, line, keyword);
    }
  }

  private static List<Path> expandInclude(Path file, int line, String pattern)
      throws ParseException {
    Path path = HomePath.expand(pattern);
    if (!path.isAbsolute()) {
      path = Path.of(System.getProperty("user.home"), ".ssh").resolve(path);
    }
    String name = path.getFileName().toString();
    if (!name.contains("*") && !name.contains("?")) {
      return Files.exists(path) ? List.of(path) : List.of();
    }
    Path dir = path.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      return List.of();
    }
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + name);
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        if (matcher.matches(entry.getFileName()) && Files.isRegularFile(entry)) {
          found.add(entry);
        }
      }
    } catch (IOException e) {
      throw new ParseException(file, line, "cannot list " + dir + ": " + describe(e));
    }
    found.sort(null);
    return found;
  }

  /** Splits a line into keyword and arguments: {@code =} may separate the keyword, quotes group. */
  private static List<String> split(Path file, int line, String text) throws ParseException {
    List<String> words = new ArrayList<>();
    StringBuilder word = null;
    boolean quoted = false;
    boolean equalsSeen = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"') {
          quoted = false;
        } else {
          word.append(c);
        }
        continue;
      }
      if (c == '#' && word == null) {
        break;
      }
      int count = words.size() + (word == null ? 0 : 1);
      boolean equals = c == '=' && !equalsSeen && count == 1;
      if (equals || Character.isWhitespace(c)) {
        equalsSeen |= equals;
        if (word != null) {
          words.add(word.toString());
          word = null;
        }
        continue;
      }
      if (word == null) {
        word = new StringBuilder();
      }
      if (c == '"') {
        quoted = true;
      } else {
        word.append(c);
      }
    }
    if (quoted) {
      throw new ParseException(file, line, "unbalanced quote");
    }
    if (word != null) {
      words.add(word.toString());
    }
    return words;
  }

  private static String describe(IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "it does not exist";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    return e.getMessage();
  }
}
