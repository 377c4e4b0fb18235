package dev.capstan.model;

import java.util.List;

/**
 * How to build and run one app; shared by all of its Environments.
 *
 * <p>{@code python}, {@code django}, {@code healthCheck}, {@code backup} and {@code upkeep} are
 * null when absent; {@code runtime} holds env, envFiles, configFiles, services, supervisor and
 * beforeSwitch.
 */
public record ApplicationSpec(
    RepositorySpec repository,
    String deployPath,
    int keepReleases,
    SharedSpec shared,
    PythonSpec python,
    DjangoSpec django,
    List<String> build,
    List<String> migrate,
    List<String> activate,
    HealthCheckSpec healthCheck,
    boolean rollbackOnFailure,
    RuntimeSpec runtime,
    BackupSpec backup,
    UpkeepSpec upkeep) {

  public static final int DEFAULT_KEEP_RELEASES = 5;

  public ApplicationSpec {
    build = List.copyOf(build);
    migrate = List.copyOf(migrate);
    activate = List.copyOf(activate);
    runtime = runtime == null ? RuntimeSpec.NONE : runtime;
  }

  /** A spec with no env, config files, services or backup (as before these fields existed). */
  public ApplicationSpec(
      RepositorySpec repository,
      String deployPath,
      int keepReleases,
      SharedSpec shared,
      PythonSpec python,
      DjangoSpec django,
      List<String> build,
      List<String> migrate,
      List<String> activate,
      HealthCheckSpec healthCheck,
      boolean rollbackOnFailure) {
    this(
        repository,
        deployPath,
        keepReleases,
        shared,
        python,
        django,
        build,
        migrate,
        activate,
        healthCheck,
        rollbackOnFailure,
        RuntimeSpec.NONE,
        null,
        null);
  }

  /** A spec with no upkeep (as before the field existed). */
  public ApplicationSpec(
      RepositorySpec repository,
      String deployPath,
      int keepReleases,
      SharedSpec shared,
      PythonSpec python,
      DjangoSpec django,
      List<String> build,
      List<String> migrate,
      List<String> activate,
      HealthCheckSpec healthCheck,
      boolean rollbackOnFailure,
      RuntimeSpec runtime,
      BackupSpec backup) {
    this(
        repository,
        deployPath,
        keepReleases,
        shared,
        python,
        django,
        build,
        migrate,
        activate,
        healthCheck,
        rollbackOnFailure,
        runtime,
        backup,
        null);
  }

  /** The same spec with another repository (Kubernetes mode resolves secretRefs to files). */
  public ApplicationSpec withRepository(RepositorySpec otherRepository) {
    return new ApplicationSpec(
        otherRepository,
        deployPath,
        keepReleases,
        shared,
        python,
        django,
        build,
        migrate,
        activate,
        healthCheck,
        rollbackOnFailure,
        runtime,
        backup,
        upkeep);
  }
}
