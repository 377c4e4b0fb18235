package dev.capstan.upkeep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.capstan.upkeep.Advisory.Affected;
import dev.capstan.upkeep.Advisory.Event;
import dev.capstan.upkeep.Advisory.EventKind;
import dev.capstan.upkeep.Advisory.Range;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads OSV advisories from a folder of {@code *.json} records or from osv.dev's per-ecosystem
 * {@code all.zip}, keeping only {@code PyPI} entries. A record that is not what the OSV schema says
 * fails the whole read with the file and the field named: a silently skipped advisory would be a
 * vulnerability nobody is told about.
 */
public final class AdvisoryReader {

  /** The OSV ecosystem this reader keeps. */
  public static final String ECOSYSTEM = "PyPI";

  private static final ObjectMapper JSON = new ObjectMapper();

  private AdvisoryReader() {}

  /**
   * Reads {@code path}: a folder (its {@code *.json} files, not its subfolders) or a {@code .zip}.
   *
   * @throws AdvisoryException naming the file and what is wrong with it
   */
  public static AdvisorySnapshot read(Path path) {
    if (Files.isDirectory(path)) {
      return AdvisorySnapshot.of(readFolder(path));
    }
    if (Files.isRegularFile(path) && path.getFileName().toString().endsWith(".zip")) {
      return AdvisorySnapshot.of(readZip(path));
    }
    throw new AdvisoryException(
        "advisories: " + path + " is neither a folder of OSV JSON records nor a .zip of them");
  }

  private static List<Advisory> readFolder(Path folder) {
    List<Advisory> advisories = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.filter(AdvisoryReader::isJson).sorted().toList()) {
        parse(file.toString(), Files.readAllBytes(file)).ifPresent(advisories::add);
      }
    } catch (IOException e) {
      throw new AdvisoryException("advisories: cannot read " + folder + ": " + e.getMessage(), e);
    }
    return advisories;
  }

  private static boolean isJson(Path file) {
    return Files.isRegularFile(file) && file.getFileName().toString().endsWith(".json");
  }

  private static List<Advisory> readZip(Path zip) {
    List<Advisory> advisories = new ArrayList<>();
    try (ZipFile file = new ZipFile(zip.toFile())) {
      for (ZipEntry entry : file.stream().toList()) {
        if (entry.isDirectory() || !entry.getName().endsWith(".json")) {
          continue;
        }
        byte[] bytes = file.getInputStream(entry).readAllBytes();
        parse(zip + "!" + entry.getName(), bytes).ifPresent(advisories::add);
      }
    } catch (IOException | UncheckedIOException e) {
      throw new AdvisoryException("advisories: cannot read " + zip + ": " + e.getMessage(), e);
    }
    return advisories;
  }

  /**
   * One OSV record; empty when it has no PyPI entry.
   *
   * @param where the file (or zip entry) it came from, for messages
   */
  static Optional<Advisory> parse(String where, byte[] json) {
    JsonNode root;
    try {
      root = JSON.readTree(new String(json, StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw new AdvisoryException(
          where + ": not JSON: " + e.getOriginalMessage() + " at line " + line(e));
    }
    if (root == null || !root.isObject()) {
      throw new AdvisoryException(where + ": an OSV record is a JSON object");
    }
    String id = text(where, root, "id", true);
    Fields fields = new Fields(where + " (" + id + ")");
    List<Affected> affected = new ArrayList<>();
    int i = 0;
    for (JsonNode entry : fields.array(root, "affected")) {
      affected(fields.at("affected[" + i++ + "]"), entry).ifPresent(affected::add);
    }
    if (affected.isEmpty()) {
      return Optional.empty();
    }
    List<String> aliases = new ArrayList<>();
    for (JsonNode alias : fields.array(root, "aliases")) {
      aliases.add(fields.string(alias, "aliases[]"));
    }
    String summary = text(fields.where, root, "summary", false);
    boolean withdrawn = root.hasNonNull("withdrawn");
    return Optional.of(new Advisory(id, aliases, summary, withdrawn, affected));
  }

  private static Optional<Affected> affected(Fields fields, JsonNode entry) {
    if (!entry.isObject()) {
      throw fields.wrong("is not an object");
    }
    JsonNode pkg = entry.get("package");
    if (pkg == null || !pkg.isObject()) {
      // OSV allows an entry without a package (then ranges are GIT); nothing of PyPI's.
      return Optional.empty();
    }
    if (!ECOSYSTEM.equals(text(fields.where, pkg, "ecosystem", false))) {
      return Optional.empty();
    }
    String name = text(fields.where, pkg, "name", true);
    List<Range> ranges = new ArrayList<>();
    int r = 0;
    for (JsonNode range : fields.array(entry, "ranges")) {
      range(fields.at("ranges[" + r++ + "]"), range).ifPresent(ranges::add);
    }
    List<Pep440Version> versions = new ArrayList<>();
    for (JsonNode version : fields.array(entry, "versions")) {
      String text = fields.string(version, "versions[]");
      if (Pep440Version.isValid(text)) {
        versions.add(Pep440Version.parse(text));
      }
    }
    return Optional.of(new Affected(name, ranges, versions));
  }

  private static Optional<Range> range(Fields fields, JsonNode range) {
    if (!range.isObject()) {
      throw fields.wrong("is not an object");
    }
    String type = text(fields.where, range, "type", true);
    if (!type.equals("ECOSYSTEM") && !type.equals("SEMVER")) {
      return Optional.empty(); // GIT ranges name commits, not versions
    }
    List<Event> events = new ArrayList<>();
    int e = 0;
    for (JsonNode event : fields.array(range, "events")) {
      events.add(event(fields.at("events[" + e++ + "]"), event));
    }
    events.sort(null);
    return Optional.of(new Range(type, events));
  }

  private static Event event(Fields fields, JsonNode event) {
    if (!event.isObject() || event.size() != 1) {
      throw fields.wrong(
          "must be an object with exactly one of introduced, fixed, last_affected, limit");
    }
    for (EventKind kind : EventKind.values()) {
      JsonNode value = event.get(kind.field());
      if (value != null) {
        String text = fields.string(value, kind.field());
        if (kind == EventKind.INTRODUCED && text.equals("0")) {
          return new Event(kind, null);
        }
        if (!Pep440Version.isValid(text)) {
          throw fields.wrong(kind.field() + " is not a PEP 440 version: \"" + text + "\"");
        }
        return new Event(kind, Pep440Version.parse(text));
      }
    }
    throw fields.wrong(
        "has "
            + event.fieldNames().next()
            + "; expected introduced, fixed, last_affected or limit");
  }

  private static String text(String where, JsonNode node, String field, boolean required) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        throw new AdvisoryException(where + ": " + field + " is missing");
      }
      return "";
    }
    if (!value.isTextual() || (required && value.asText().isBlank())) {
      throw new AdvisoryException(where + ": " + field + " must be a non-empty string");
    }
    return value.asText();
  }

  private static String line(JsonProcessingException e) {
    return e.getLocation() == null ? "?" : String.valueOf(e.getLocation().getLineNr());
  }

  /** Messages about one place in one record. */
  private record Fields(String where) {
    Fields at(String field) {
      return new Fields(where + " " + field);
    }

    AdvisoryException wrong(String what) {
      return new AdvisoryException(where + ": " + what);
    }

    Iterable<JsonNode> array(JsonNode node, String field) {
      JsonNode value = node.get(field);
      if (value == null || value.isNull()) {
        return List.of();
      }
      if (!value.isArray()) {
        throw new AdvisoryException(where + ": " + field + " must be an array");
      }
      return value;
    }

    String string(JsonNode value, String field) {
      if (!value.isTextual()) {
        throw new AdvisoryException(where + ": " + field + " must be a string, not " + value);
      }
      return value.asText();
    }
  }
}
