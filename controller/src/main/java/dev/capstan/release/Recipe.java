package dev.capstan.release;

import dev.capstan.host.Shell;
import dev.capstan.model.ApplicationSpec;
import dev.capstan.model.HealthCheckSpec;
import dev.capstan.model.SharedSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * An Application spec turned into the concrete steps of a release's life: how it is built,
 * migrated, activated and checked. Its {@link #hash()} covers exactly what shapes a release's
 * folder, so changing a build step builds a new release of the same commit while changing an
 * activate command does not.
 *
 * @param virtualenvSteps the steps that give a release its {@code venv} (also the first build
 *     steps), run again on their own to repair a virtualenv that broke
 */
public record Recipe(
    String subPath,
    SharedSpec shared,
    List<Step> virtualenvSteps,
    List<Step> buildSteps,
    List<Step> migrateSteps,
    List<Step> activateSteps,
    HealthCheckSpec healthCheck,
    boolean rollbackOnFailure,
    String hash) {

  public Recipe {
    virtualenvSteps = List.copyOf(virtualenvSteps);
    buildSteps = List.copyOf(buildSteps);
    migrateSteps = List.copyOf(migrateSteps);
    activateSteps = List.copyOf(activateSteps);
  }

  public static Recipe of(ApplicationSpec spec) {
    String python = spec.python() == null ? "python3" : "venv/bin/python";
    List<Step> virtualenv = spec.python() == null ? List.of() : Virtualenvs.steps(spec.python());
    List<Step> build = new ArrayList<>(virtualenv);
    if (spec.django() != null && spec.django().collectstatic()) {
      build.add(manageStep("collectstatic", python, spec.django().manage(), "collectstatic"));
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
    String subPath = spec.repository().subPath() == null ? "" : spec.repository().subPath();
    String hash = hash(subPath, spec.shared(), build);
    return new Recipe(
        subPath,
        spec.shared(),
        virtualenv,
        build,
        migrate,
        activate,
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
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
