package dev.capstan.upkeep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.capstan.upkeep.Advisory.Affected;
import dev.capstan.upkeep.Advisory.Event;
import dev.capstan.upkeep.Advisory.Range;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * The advisories read at one moment, with a digest of what they say: the same advisories give the
 * same digest whatever the file names or their order, so status can show which knowledge a verdict
 * was made with.
 *
 * @param advisories PyPI advisories sorted by id (withdrawn ones included; they match nothing)
 * @param digest {@code sha256:<hex>} over their canonical JSON
 */
public record AdvisorySnapshot(List<Advisory> advisories, String digest) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public AdvisorySnapshot {
    advisories = List.copyOf(advisories);
  }

  /** A snapshot of {@code advisories}, in any order. */
  public static AdvisorySnapshot of(List<Advisory> advisories) {
    List<ObjectNode> canonical = new ArrayList<>();
    for (Advisory advisory : advisories) {
      canonical.add(canonical(advisory));
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < advisories.size(); i++) {
      order.add(i);
    }
    // By id, then by content: two files with one id (a folder and a copy) still sort stably.
    order.sort(
        Comparator.comparing((Integer i) -> advisories.get(i).id())
            .thenComparing(i -> canonical.get(i).toString()));
    ArrayNode all = JSON.createArrayNode();
    List<Advisory> sorted = new ArrayList<>();
    for (int i : order) {
      all.add(canonical.get(i));
      sorted.add(advisories.get(i));
    }
    return new AdvisorySnapshot(sorted, "sha256:" + sha256(all));
  }

  /** How many advisories it holds. */
  public int count() {
    return advisories.size();
  }

  /**
   * The advisories affecting {@code version} of the package named {@code name} (any spelling), one
   * finding per advisory, in advisory id order.
   */
  public List<Finding> affecting(String name, Pep440Version version) {
    String normalized = PackageName.normalize(name);
    List<Finding> findings = new ArrayList<>();
    for (Advisory advisory : advisories) {
      AdvisoryMatcher.match(advisory, normalized, version).ifPresent(findings::add);
    }
    return findings;
  }

  private static ObjectNode canonical(Advisory advisory) {
    ObjectNode node = JSON.createObjectNode();
    node.put("id", advisory.id());
    ArrayNode aliases = node.putArray("aliases");
    advisory.aliases().stream().sorted().forEach(aliases::add);
    node.put("summary", advisory.summary());
    node.put("withdrawn", advisory.withdrawn());
    ArrayNode affected = node.putArray("affected");
    for (Affected entry : advisory.affected()) {
      ObjectNode e = affected.addObject();
      e.put("package", entry.packageName());
      ArrayNode ranges = e.putArray("ranges");
      for (Range range : entry.ranges()) {
        ObjectNode r = ranges.addObject();
        r.put("type", range.type());
        ArrayNode events = r.putArray("events");
        for (Event event : range.events()) {
          events
              .addObject()
              .put(
                  event.kind().field(), event.version() == null ? "0" : event.version().toString());
        }
      }
      ArrayNode versions = e.putArray("versions");
      entry.versions().stream().sorted().map(Pep440Version::toString).forEach(versions::add);
    }
    return node;
  }

  private static String sha256(ArrayNode all) {
    try {
      byte[] bytes = JSON.writeValueAsString(all).getBytes(StandardCharsets.UTF_8);
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot digest advisories", e);
    }
  }
}
