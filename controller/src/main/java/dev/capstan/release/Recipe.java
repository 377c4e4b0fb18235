package dev.capstan.release;

import dev.capstan.host.Shell;
import dev.capstan.model.ApplicationSpec;
import dev.capstan.model.Digests;
import dev.capstan.model.HealthCheckSpec;
import dev.capstan.model.SharedSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * An Application spec turned into the concrete steps of a release's life: how it is built,
 * migrated, activated and checked. Its {@link #hash()} covers exactly what shapes a release's
 * folder, so changing a build step builds a new release of the same commit while changing an
 * activate command does not.
 *
 * @param virtualenvSteps the steps that give a release its {@code venv} (also the first build
 *     steps), run again on their own to repair a virtualenv that broke
 * @param beforeSwitchSteps run on each host just before its switch, in the new release
 * @param python how the release's Python is started, relative to the release folder or absolute
 */
public record Recipe(
    String subPath,
    SharedSpec shared,
    List<Step> virtualenvSteps,
    List<Step> buildSteps,
    List<Step> migrateSteps,
    List<Step> activateSteps,
    List<Step> beforeSwitchSteps,
    String python,
    HealthCheckSpec healthCheck,
    boolean rollbackOnFailure,
    String hash) {

  public Recipe {
    virtualenvSteps = List.copyOf(virtualenvSteps);
    buildSteps = List.copyOf(buildSteps);
    migrateSteps = List.copyOf(migrateSteps);
    activateSteps = List.copyOf(activateSteps);
    beforeSwitchSteps = List.copyOf(beforeSwitchSteps);
  }

  public static Recipe of(ApplicationSpec spec) {
    String python = spec.python() == null ? "python3" : "venv/bin/python";
    List<Step> virtualenv = spec.python() == null ? List.of() : Virtualenvs.steps(spec.python());
    List<Step> build = new ArrayList<>(virtualenv);
    // The inventory only records what the virtualenv holds: it shapes nothing, so the hash leaves
    // it out and releases built before Capstan recorded packages are not built again.
    List<Step> recordingOnly = new ArrayList<>();
    if (spec.python() != null) {
      Step inventory = PackageSteps.inventory(python);
      build.add(inventory);
      recordingOnly.add(inventory);
    }
    if (spec.django() != null && spec.django().collectstatic()) {
      build.add(manageStep("collectstatic", python, spec.django().manage(), "collectstatic"));
    }
    if (spec.django() != null) {
      build.add(MigrationSteps.known(python, spec.django().manage()));
    }
    for (int i = 0; i < spec.build().size(); i++) {
      build.add(new Step("build[" + i + "]", spec.build().get(i)));
    }
    List<Step> migrate = new ArrayList<>();
    if (spec.django() != null && spec.django().migrate()) {
      migrate.add(manageStep("migrate", python, spec.django().manage(), "migrate"));
    }
    for (int i = 0; i < spec.migrate().size(); i++) {
      migrate.add(new Step("migrate[" + i + "]", spec.migrate().get(i)));
    }
    List<Step> activate = new ArrayList<>();
    for (int i = 0; i < spec.activate().size(); i++) {
      activate.add(new Step("activate[" + i + "]", spec.activate().get(i)));
    }
    List<Step> beforeSwitch = new ArrayList<>();
    List<String> written = spec.runtime().beforeSwitch();
    for (int i = 0; i < written.size(); i++) {
      beforeSwitch.add(new Step("beforeSwitch[" + i + "]", written.get(i)));
    }
    String subPath = spec.repository().subPath() == null ? "" : spec.repository().subPath();
    List<Step> shaping = new ArrayList<>(build);
    shaping.removeAll(recordingOnly);
    String hash = hash(subPath, spec.shared(), shaping);
    return new Recipe(
        subPath,
        spec.shared(),
        virtualenv,
        build,
        migrate,
        activate,
        beforeSwitch,
        python,
        spec.healthCheck(),
        spec.rollbackOnFailure(),
        hash);
  }

  private static Step manageStep(String name, String python, String manage, String command) {
    return new Step(name, python + " " + Shell.quote(manage) + " " + command + " --noinput");
  }

  /** A short digest of what a release's folder is made of, beside the commit itself. */
  private static String hash(String subPath, SharedSpec shared, List<Step> build) {
    StringBuilder canonical = new StringBuilder("v1\n");
    canonical.append("subPath=").append(subPath).append('\n');
    shared.files().forEach(f -> canonical.append("sharedFile=").append(f).append('\n'));
    shared.dirs().forEach(d -> canonical.append("sharedDir=").append(d).append('\n'));
    build.forEach(s -> canonical.append("step=").append(s.command()).append('\n'));
    return Digests.sha256Hex(canonical.toString(), 6);
  }
}
