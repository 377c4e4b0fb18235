package dev.capstan.release;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * What a release's virtualenv had installed when it was built, as the build step {@code packages}
 * recorded it in {@value PackageSteps#FILE}: sorted by normalised name.
 *
 * @param python the virtualenv's Python version ({@code 3.11.2})
 * @param inventoriedAt when the build recorded it, ISO-8601 UTC
 */
public record PackageInventory(List<Installed> packages, String python, String inventoriedAt) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public PackageInventory {
    packages = List.copyOf(packages);
  }

  /**
   * One installed distribution.
   *
   * @param requested whether it was asked for (a line of the requirements file) rather than pulled
   *     in by another: pip's {@code REQUESTED} file
   */
  public record Installed(String name, String version, boolean requested) {}

  /** The installed distribution named {@code name} (compared normalised, as PEP 503 says). */
  public java.util.Optional<Installed> find(String name) {
    String wanted = normalise(name);
    return packages.stream().filter(p -> normalise(p.name()).equals(wanted)).findFirst();
  }

  /** PEP 503's normal form of a project name: lower case, runs of {@code -_.} as one {@code -}. */
  public static String normalise(String name) {
    return name.replaceAll("[-_.]+", "-").toLowerCase(java.util.Locale.ROOT);
  }

  /** Reads a {@value PackageSteps#FILE}; a malformed one is a clear error. */
  public static PackageInventory parse(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("packages.json is not JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.path("packages").isArray()) {
      throw new IllegalArgumentException("packages.json has no packages list");
    }
    List<Installed> packages = new ArrayList<>();
    for (JsonNode p : root.get("packages")) {
      String name = p.path("name").asText("");
      String version = p.path("version").asText("");
      if (name.isEmpty() || version.isEmpty()) {
        throw new IllegalArgumentException("packages.json: a package without name or version");
      }
      packages.add(new Installed(name, version, p.path("requested").asBoolean(false)));
    }
    return new PackageInventory(
        packages, root.path("python").asText(""), root.path("inventoriedAt").asText(""));
  }
}
