package dev.capstan.kube.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.List;

/**
 * An Application's spec in the shape of the YAML document; see the package documentation for why
 * it mirrors rather than wraps the model. Absent fields stay null so the loader applies its
 * defaults.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApplicationResourceSpec(
    @Required Repository repository,
    @Required @Pattern(ABSOLUTE_PATH) String deployPath,
    @Min(1) Integer keepReleases,
    Shared shared,
    Python python,
    Django django,
    List<String> build,
    List<String> migrate,
    List<String> activate,
    HealthCheck healthCheck,
    Boolean rollbackOnFailure) {

  /** What the schema can say of deployPath; the loader also refuses "." and ".." segments. */
  public static final String ABSOLUTE_PATH = "^(/[A-Za-z0-9._-]+)+$";

  /** The Git repository. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Repository(
      @Required String url, String subPath, SecretSourceSpec credentials,
      IntOrString pollInterval) {}

  /** Files and folders in {@code <deployPath>/shared} linked into every release. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Shared(List<String> files, List<String> dirs) {}

  /** The releases' virtualenv, shared by releases with the same key unless turned off. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Python(
      String interpreter, String requirements, Boolean systemSitePackages,
      Boolean shareVirtualenvs) {}

  /** The Django preset. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Django(String manage, Boolean collectstatic, Boolean migrate) {}

  /** The command that proves a switched release serves. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record HealthCheck(
      @Required String command, @Min(1) Integer timeoutSeconds, @Min(0) Integer retries,
      @Min(0) Integer intervalSeconds) {}
}
