package dev.capstan.release;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.capstan.host.HostException;
import dev.capstan.host.RemoteHost;
import dev.capstan.remote.Protocol.Marker;
import dev.capstan.remote.RemoteScript;
import dev.capstan.remote.ScriptOutput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a package index offers, looked up from a host with its own {@code python3}, so through the
 * host's network and proxy settings, as pip there would: the versions of each package named, read
 * from the file names of a PEP 503 simple index's page ({@code <url>/<normalised name>/}, yanked
 * files left out) or of a {@code findLinks} folder. A package the index does not have gets no
 * versions; an index that cannot be read fails the step, naming its URL without credentials.
 * Versions come as the index lists them, unordered: ordering is PEP 440's job, elsewhere.
 */
public final class PackageIndexLookup {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  private PackageIndexLookup() {}

  /**
   * Each of {@code names} and the versions {@code source} offers of it, in one command on {@code
   * host} run with {@code interpreter} ({@code python3}, say).
   */
  public static Map<String, List<String>> versions(
      RemoteHost host, String interpreter, PackageSource source, List<String> names)
      throws HostException, StepFailedException {
    RemoteScript script =
        StepRunner.add(
            RemoteScript.create(), List.of(PackageSteps.index(interpreter, source, names)));
    ScriptOutput output = script.run(host, TIMEOUT);
    if (!output.succeeded()) {
      throw output
          .failure()
          .map(step -> new StepFailedException(host.name(), step))
          .orElseGet(
              () ->
                  new StepFailedException(
                      host.name(), "index", "exit status " + output.exitStatus()));
    }
    return parse(
        output
            .last(Marker.PACKAGE_INDEX)
            .orElseThrow(() -> new IllegalStateException("the index look-up sent no result")));
  }

  /** The JSON {@code packages.py index} prints: an object of names to lists of versions. */
  static Map<String, List<String>> parse(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the index look-up sent no JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new IllegalStateException("the index look-up sent no object");
    }
    Map<String, List<String>> versions = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      List<String> list = new ArrayList<>();
      field.getValue().forEach(v -> list.add(v.asText()));
      versions.put(field.getKey(), List.copyOf(list));
    }
    return versions;
  }
}
