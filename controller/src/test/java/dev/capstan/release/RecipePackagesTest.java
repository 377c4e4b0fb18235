package dev.capstan.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.model.DesiredStateLoader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The build step {@code packages} only records: it runs right after the virtualenv, and it leaves
 * the recipe hash as it was before Capstan recorded packages, so no release is built again for it.
 */
class RecipePackagesTest {

  @Test
  void thePackagesStepFollowsTheVirtualenvAndLeavesTheHashAsItWas() throws Exception {
    Recipe recipe = recipe("  python: {interpreter: /usr/bin/python3, requirements: req.txt}");

    // The hash this recipe had before the packages step existed (commit 4e6a53e).
    assertEquals(HASH_BEFORE_PACKAGES, recipe.hash());
    List<String> names = recipe.buildSteps().stream().map(Step::name).toList();
    assertEquals(List.of("virtualenv", "packages", "build[0]"), names);
    Step packages = recipe.buildSteps().get(1);
    assertEquals(
        List.of("capstan_packages_inventory", "venv/bin/python", ".capstan/packages.json"),
        packages.call());
  }

  @Test
  void anAppWithoutPythonGetsNoPackagesStep() throws Exception {
    Recipe recipe = recipe("");
    assertTrue(recipe.buildSteps().stream().noneMatch(s -> s.name().equals("packages")));
  }

  private static final String HASH_BEFORE_PACKAGES = "1e60b1d716c3";

  private static Recipe recipe(String pythonLine) throws Exception {
    return Recipe.of(
        DesiredStateLoader.parse(
                Path.of("/tmp/capstan.yaml"),
                String.join(
                    "\n",
                    "apiVersion: capstan.dev/v1alpha1",
                    "kind: Application",
                    "metadata: {name: app}",
                    "spec:",
                    "  repository: {url: /nowhere}",
                    "  deployPath: /srv/app",
                    pythonLine,
                    "  build: [\"echo built\"]",
                    ""))
            .applications()
            .get("app")
            .spec());
  }
}
