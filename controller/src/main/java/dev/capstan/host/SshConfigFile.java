package dev.capstan.host;

import dev.capstan.host.SshConfig.Block;
import dev.capstan.host.SshConfig.Option;
import dev.capstan.host.SshConfig.ParseException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads ssh config files into {@link SshConfig}'s {@code Host} blocks: the line syntax (keyword,
 * {@code =}, quotes), {@code Include} (relative to {@code ~/.ssh}, globs, nesting bounded), skipped
 * {@code Match} blocks, and the checks of the options Capstan honours.
 */
final class SshConfigFile {

  private static final Logger LOG = LoggerFactory.getLogger(SshConfig.class);
  private static final Set<String> HONOURED =
      Set.of("hostname", "user", "port", "identityfile", "proxyjump", "userknownhostsfile");
  private static final int MAX_INCLUDE_DEPTH = 16;

  /** Options already reported as ignored, so each costs one debug line per controller run. */
  private static final Set<String> IGNORED = ConcurrentHashMap.newKeySet();

  private SshConfigFile() {}

  static void read(Path file, List<Block> blocks, int depth) throws ParseException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new ParseException(file, 0, "cannot read the ssh config file: " + describe(e));
    }
    parseLines(file, lines, blocks, depth);
  }

  static void parseLines(Path file, List<String> lines, List<Block> blocks, int depth)
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

  static String describe(IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "it does not exist";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    return e.getMessage();
  }
}
