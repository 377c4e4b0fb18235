package dev.capstan.release;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.capstan.model.HealthCheckSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Capstan's own steps in a release's life, as calls of the remote scripts' functions ({@code
 * release.sh}, {@code health.sh}): prepare, link shared paths, switch, record its state, check
 * health.
 */
final class ReleaseSteps {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ReleaseLayout layout;
  private final Recipe recipe;
  private final String environment;

  ReleaseSteps(ReleaseLayout layout, Recipe recipe, String environment) {
    this.layout = layout;
    this.recipe = recipe;
    this.environment = environment;
  }

  /**
   * Creates the release folder, marks it building, extracts the tree from standard input, writes
   * {@code REVISION} and links shared paths.
   */
  Step prepare(String release, DesiredRelease desired) {
    List<String> call =
        new ArrayList<>(
            List.of(
                "capstan_prepare",
                layout.deployPath(),
                layout.release(release),
                releaseJson(desired, ReleaseState.BUILDING, null),
                desired.commit()));
    call.addAll(sharedPaths());
    return Step.builtin("prepare", "upload and prepare " + release, call);
  }

  /** Links every shared dir (created when missing) and file (required) into the release. */
  Step linkShared(String release) {
    List<String> call = new ArrayList<>(List.of("capstan_link_shared", layout.release(release)));
    call.addAll(sharedPaths());
    return Step.builtin("link shared", "link shared paths into " + release, call);
  }

  /**
   * Replaces {@code current} by renaming a new link over it: never missing, never half-written;
   * {@code revisions.log} records who switched and why ({@code by} may be null: no one named).
   */
  Step switchTo(String release, SwitchedBy by) {
    return Step.builtin(
        "switch",
        "switch current to " + release,
        List.of(
            "capstan_switch",
            layout.deployPath(),
            ReleaseLayout.currentTarget(release),
            release,
            environment,
            RevisionsLog.fields(by)));
  }

  /** Writes the release's {@code release.json}. */
  Step mark(String release, DesiredRelease desired, ReleaseState state, String message) {
    return Step.builtin(
        "mark " + state.wireName(),
        "write " + releaseFile(release),
        List.of("capstan_write_file", releaseFile(release), releaseJson(desired, state, message)));
  }

  /** The health check as a step; its retries run on the host, in the same round trip. */
  List<Step> health() {
    HealthCheckSpec check = recipe.healthCheck();
    if (check == null) {
      return List.of();
    }
    return List.of(
        Step.builtin(
            "health check",
            check.command(),
            List.of(
                "capstan_health",
                check.command(),
                String.valueOf(check.timeoutSeconds()),
                String.valueOf(check.intervalSeconds()),
                String.valueOf(check.retries()))));
  }

  /** How long the health check may take with all its retries. */
  Duration healthTimeout() {
    return healthTimeout(recipe.healthCheck());
  }

  static Duration healthTimeout(HealthCheckSpec check) {
    if (check == null) {
      return Duration.ZERO;
    }
    return Duration.ofSeconds(
        (long) (check.timeoutSeconds() + check.intervalSeconds()) * (check.retries() + 1) + 30);
  }

  /** The shared folder, then {@code dir <path>} and {@code file <path>} pairs. */
  private List<String> sharedPaths() {
    List<String> args = new ArrayList<>();
    args.add(layout.sharedDir());
    recipe.shared().dirs().forEach(dir -> args.addAll(List.of("dir", dir)));
    recipe.shared().files().forEach(file -> args.addAll(List.of("file", file)));
    return args;
  }

  private String releaseFile(String release) {
    return layout.release(release) + "/.capstan/release.json";
  }

  private String releaseJson(DesiredRelease desired, ReleaseState state, String message) {
    ObjectNode node =
        JSON.createObjectNode()
            .put("commit", desired.commit())
            .put("recipe", desired.recipe())
            .put("state", state.wireName())
            .put("environment", environment)
            .put("updated", Instant.now().toString());
    if (message != null) {
      node.put("message", message);
    }
    return node.toString();
  }
}
