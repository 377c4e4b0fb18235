package dev.capstan.model;

import java.util.Set;

/** Reads and checks the spec of an Application document. */
final class ApplicationReader {

  private static final Set<String> SPEC = spec();
  private static final Set<String> REPOSITORY =
      Set.of("url", "subPath", "credentials", "pollInterval");
  private static final Set<String> SHARED = Set.of("files", "dirs");
  private static final Set<String> PYTHON =
      Set.of("interpreter", "requirements", "systemSitePackages", "shareVirtualenvs");
  private static final Set<String> DJANGO = Set.of("manage", "collectstatic", "migrate");
  private static final Set<String> HEALTH_CHECK =
      Set.of("command", "timeoutSeconds", "retries", "intervalSeconds");

  private ApplicationReader() {}

  private static Set<String> spec() {
    Set<String> fields =
        new java.util.HashSet<>(
            Set.of(
                "repository",
                "deployPath",
                "keepReleases",
                "shared",
                "python",
                "django",
                "build",
                "migrate",
                "activate",
                "healthCheck",
                "rollbackOnFailure",
                "backup",
                "upkeep"));
    fields.addAll(RuntimeReader.FIELDS);
    return Set.copyOf(fields);
  }

  static ApplicationSpec read(MapReader spec) {
    spec.allowOnly(SPEC);
    return new ApplicationSpec(
        repository(spec.requiredMapping("repository")),
        spec.requiredString("deployPath", PathRules::absolute),
        spec.integer("keepReleases", ApplicationSpec.DEFAULT_KEEP_RELEASES, 1),
        spec.mapping("shared").map(ApplicationReader::shared).orElse(SharedSpec.NONE),
        spec.mappingIfKeyPresent("python").map(ApplicationReader::python).orElse(null),
        spec.mappingIfKeyPresent("django").map(ApplicationReader::django).orElse(null),
        spec.strings("build", TextRules::nonEmpty),
        spec.strings("migrate", TextRules::nonEmpty),
        spec.strings("activate", TextRules::nonEmpty),
        spec.mapping("healthCheck").map(ApplicationReader::healthCheck).orElse(null),
        spec.bool("rollbackOnFailure", true),
        RuntimeReader.read(spec),
        BackupReader.read(spec),
        UpkeepReader.read(spec));
  }

  private static RepositorySpec repository(MapReader repository) {
    if (repository == null) {
      return null;
    }
    repository.allowOnly(REPOSITORY);
    return new RepositorySpec(
        repository.requiredString("url", TextRules::url),
        repository.string("subPath", "", PathRules::relativeOrEmpty),
        SecretSources.read(repository, "credentials", null),
        repository.duration("pollInterval", RepositorySpec.DEFAULT_POLL_INTERVAL));
  }

  private static SharedSpec shared(MapReader shared) {
    shared.allowOnly(SHARED);
    return new SharedSpec(
        shared.strings("files", PathRules::relative), shared.strings("dirs", PathRules::relative));
  }

  private static PythonSpec python(MapReader python) {
    python.allowOnly(PYTHON);
    return new PythonSpec(
        python.string("interpreter", PythonSpec.DEFAULT_INTERPRETER, PathRules::command),
        python.string("requirements", PythonSpec.DEFAULT_REQUIREMENTS, PathRules::relativeOrEmpty),
        python.bool("systemSitePackages", false),
        python.bool("shareVirtualenvs", true));
  }

  private static DjangoSpec django(MapReader django) {
    django.allowOnly(DJANGO);
    return new DjangoSpec(
        django.string("manage", DjangoSpec.DEFAULT_MANAGE, PathRules::relative),
        django.bool("collectstatic", true),
        django.bool("migrate", true));
  }

  private static HealthCheckSpec healthCheck(MapReader check) {
    check.allowOnly(HEALTH_CHECK);
    return new HealthCheckSpec(
        check.requiredString("command", TextRules::nonEmpty),
        check.integer("timeoutSeconds", HealthCheckSpec.DEFAULT_TIMEOUT_SECONDS, 1),
        check.integer("retries", HealthCheckSpec.DEFAULT_RETRIES, 0),
        check.integer("intervalSeconds", HealthCheckSpec.DEFAULT_INTERVAL_SECONDS, 0));
  }
}
