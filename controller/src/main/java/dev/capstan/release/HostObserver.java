package dev.capstan.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.capstan.host.ExecResult;
import dev.capstan.host.HostException;
import dev.capstan.host.RemoteHost;
import dev.capstan.host.Shell;
import dev.capstan.model.SharedSpec;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Observes a host's deploy path in one remote command: {@code current}, every release with its
 * recorded state and the health of its virtualenv, the lock and the live release's shared links.
 */
public final class HostObserver {

  static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final String HEALTH_EXIT = "capstan-health-exit ";
  /** Printed after the observe script when more follows it: only what comes before is parsed. */
  static final String OBSERVED_END = "capstan-observed-end";
  private static final ObjectMapper JSON = new ObjectMapper();

  private HostObserver() {}

  public static ObservedHost observe(RemoteHost host, ReleaseLayout layout, SharedSpec shared)
      throws HostException {
    return observe(host, layout, shared, null).host();
  }

  /**
   * What a host has and, when {@code healthProbe} is given, whether its live release passes its
   * health check: still one remote command, so a drift check costs one round trip per host.
   *
   * @param healthProbe the live release's health check, or null
   */
  public static Observation observe(
      RemoteHost host, ReleaseLayout layout, SharedSpec shared, HealthProbe healthProbe)
      throws HostException {
    String script = healthProbe == null
        ? script(layout, shared)
        : "(\n" + script(layout, shared) + "\n)\necho " + OBSERVED_END + "\n"
            + "(\n" + healthProbe.script.script() + ")\n"
            + "echo \"" + HEALTH_EXIT + "$?\"";
    Duration timeout = healthProbe == null ? TIMEOUT : TIMEOUT.plus(healthProbe.timeout);
    ExecResult result = host.exec(script, timeout);
    if (!result.succeeded()) {
      throw new HostException(
          host.name(), HostException.Kind.IO,
          "observing " + layout.deployPath() + " failed: " + result.stderrTail(5));
    }
    String healthFailure = null;
    if (healthProbe != null && !result.stdout().contains(HEALTH_EXIT + "0")) {
      StepFailedException failure = healthProbe.script.failure(host.name(), result);
      healthFailure = failure.step() + ": " + failure.detail();
    }
    return new Observation(parse(host.name(), observedPart(result.stdout())), healthFailure);
  }

  /**
   * A host as observed, and what its live release's health check said.
   *
   * @param healthFailure null when healthy or not checked
   */
  public record Observation(ObservedHost host, String healthFailure) {}

  /**
   * The observe script, also appended to the lock script so that taking the lock and looking
   * cost one round trip. Prints one tagged line per fact.
   */
  static String script(ReleaseLayout layout, SharedSpec shared) {
    List<String> sharedPaths = new ArrayList<>(shared.files());
    sharedPaths.addAll(shared.dirs());
    StringBuilder quoted = new StringBuilder();
    sharedPaths.forEach(p -> quoted.append(' ').append(Shell.quote(p)));
    return String.join(
        "\n",
        "echo \"now $(date +%s)\"",
        "cd " + Shell.quote(layout.deployPath()) + " 2>/dev/null || exit 0",
        "[ -L current ] && printf 'current %s\\n' \"$(readlink current)\"",
        "for r in releases/*; do",
        "  [ -d \"$r\" ] || continue",
        "  printf 'release %s ' \"${r#releases/}\"",
        "  [ -f \"$r/.capstan/release.json\" ] && tr -d '\\n' < \"$r/.capstan/release.json\"",
        "  echo",
        Virtualenvs.observeLines(),
        "done",
        "[ -f .capstan/lock/owner ] && printf 'lock %s\\n' \"$(cat .capstan/lock/owner)\"",
        "if [ -d current ]; then",
        "  for p in" + quoted + "; do",
        "    [ -L \"current/$p\" ] && [ -e \"current/$p\" ] || printf 'unlinked %s\\n' \"$p\"",
        "  done",
        "fi",
        "exit 0");
  }

  /** The observation's part of a command's output that went on after observing. */
  static String observedPart(String output) {
    int end = output.indexOf(OBSERVED_END);
    return end < 0 ? output : output.substring(0, end);
  }

  static ObservedHost parse(String host, String output) {
    String current = null;
    List<ObservedRelease> releases = new ArrayList<>();
    LockInfo lock = null;
    long now = 0;
    List<String> unlinked = new ArrayList<>();
    List<String> brokenVirtualenvs = new ArrayList<>();
    for (String line : output.split("\n")) {
      int space = line.indexOf(' ');
      String tag = space < 0 ? line : line.substring(0, space);
      String rest = space < 0 ? "" : line.substring(space + 1);
      switch (tag) {
        case "now" -> now = Long.parseLong(rest.strip());
        case "current" -> current = rest;
        case "release" -> releases.add(parseRelease(rest));
        case "lock" -> lock = parseLock(rest);
        case "unlinked" -> unlinked.add(rest);
        case "venv-broken" -> brokenVirtualenvs.add(rest.strip());
        default -> { } // lines of the lock script, or noise from a login shell
      }
    }
    releases.sort((a, b) -> a.name().compareTo(b.name()));
    return new ObservedHost(host, current, releases, lock, now, unlinked, brokenVirtualenvs);
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
          node.path("message").asText(null));
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
