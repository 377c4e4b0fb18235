package dev.capstan.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.capstan.host.HostException;
import dev.capstan.host.RemoteHost;
import dev.capstan.model.SharedSpec;
import dev.capstan.remote.Protocol.Marker;
import dev.capstan.remote.RemoteScript;
import dev.capstan.remote.ScriptOutput;
import dev.capstan.remote.StepResult;
import dev.capstan.services.ObservedProcesses;
import dev.capstan.services.ServiceDrivers;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Observes a host's deploy path in one remote command: {@code current}, every release with its
 * recorded state and the health of its virtualenv, the lock and the live release's shared links.
 */
public final class HostObserver {

  static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  private HostObserver() {}

  public static ObservedHost observe(RemoteHost host, ReleaseLayout layout, SharedSpec shared)
      throws HostException {
    return observe(host, layout, shared, null, null).host();
  }

  /**
   * What a host has and, when {@code healthProbe} is given, whether its live release passes its
   * health check: still one remote command, so a drift check costs one round trip per host.
   *
   * @param services the host's services and config files, observed in the same command; or null
   * @param healthProbe the live release's health check, or null
   */
  public static Observation observe(
      RemoteHost host,
      ReleaseLayout layout,
      SharedSpec shared,
      HostServices services,
      HealthProbe healthProbe)
      throws HostException {
    RemoteScript script = RemoteScript.create().append(fragment(layout, shared));
    if (services != null) {
      script.append(services.observation());
    }
    if (healthProbe != null) {
      healthProbe.appendTo(script);
    }
    Duration timeout = healthProbe == null ? TIMEOUT : TIMEOUT.plus(healthProbe.timeout);
    ScriptOutput output = script.run(host, timeout);
    String healthFailure = null;
    if (!output.succeeded()) {
      // Observing itself always ends well: with a probe, what failed is the health check.
      StepResult failure = healthProbe == null ? null : output.failure().orElse(null);
      if (failure == null) {
        throw new HostException(
            host.name(),
            HostException.Kind.IO,
            "observing " + layout.deployPath() + " failed: " + output.stderrTail(5));
      }
      healthFailure = StepFailedException.describe(failure);
    }
    return new Observation(
        parse(host.name(), output),
        healthFailure,
        ServiceDrivers.HostInit.parse(output).orElse(null));
  }

  /**
   * A host as observed, and what its live release's health check said.
   *
   * @param healthFailure null when healthy or not checked
   * @param init what the host said of its init and deploy user; null when not asked
   */
  public record Observation(
      ObservedHost host, String healthFailure, ServiceDrivers.HostInit init) {}

  /**
   * The observation as calls for a script, also added to the lock's so that taking the lock and
   * looking cost one round trip.
   */
  static RemoteScript.Fragment fragment(ReleaseLayout layout, SharedSpec shared) {
    List<String> args = new ArrayList<>();
    args.add(layout.deployPath());
    args.addAll(shared.files());
    args.addAll(shared.dirs());
    return RemoteScript.Fragment.of("capstan_observe", args.toArray(String[]::new));
  }

  /** The host as the observation's records describe it; other records are ignored. */
  static ObservedHost parse(String host, ScriptOutput output) {
    String current = output.last(Marker.CURRENT).orElse(null);
    List<ObservedRelease> releases = new ArrayList<>();
    output.all(Marker.RELEASE).forEach(r -> releases.add(parseRelease(r)));
    releases.sort((a, b) -> a.name().compareTo(b.name()));
    LockInfo lock = output.last(Marker.LOCK).map(HostObserver::parseLock).orElse(null);
    long now = output.last(Marker.NOW).map(HostObserver::parseNow).orElse(0L);
    List<String> unlinked = output.all(Marker.UNLINKED);
    List<String> brokenVirtualenvs =
        output.all(Marker.VENV_BROKEN).stream().map(String::strip).toList();
    Map<String, String> configFiles = new HashMap<>();
    for (String record : output.all(Marker.CONFIG_FILE)) {
      String[] fields = record.strip().split(" ");
      if (fields.length == 2) {
        configFiles.put(fields[0], fields[1]);
      }
    }
    return new ObservedHost(
        host,
        current,
        releases,
        lock,
        now,
        unlinked,
        brokenVirtualenvs,
        ObservedProcesses.parse(output),
        configFiles,
        new java.util.HashSet<>(output.all(Marker.WAS_LIVE).stream().map(String::strip).toList()));
  }

  private static long parseNow(String rest) {
    try {
      return Long.parseLong(rest.strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static ObservedRelease parseRelease(String rest) {
    int space = rest.indexOf(' ');
    String name = space < 0 ? rest : rest.substring(0, space);
    String json = space < 0 ? "" : rest.substring(space + 1).strip();
    if (json.isEmpty()) {
      return new ObservedRelease(name, null, null, ReleaseState.UNKNOWN);
    }
    try {
      JsonNode node = JSON.readTree(json);
      return new ObservedRelease(
          name,
          node.path("commit").asText(null),
          node.path("recipe").asText(null),
          ReleaseState.fromWire(node.path("state").asText(null)),
          node.path("message").asText(null),
          node.path("updated").asText(null));
    } catch (IOException e) {
      return new ObservedRelease(name, null, null, ReleaseState.UNKNOWN);
    }
  }

  private static LockInfo parseLock(String rest) {
    String[] parts = rest.strip().split(" ", 2);
    try {
      return new LockInfo(parts.length > 1 ? parts[1] : "unknown", Long.parseLong(parts[0]));
    } catch (NumberFormatException e) {
      return new LockInfo(rest.strip(), 0);
    }
  }
}
