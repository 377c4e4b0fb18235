package dev.capstan.kube.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** The {@code Application} custom resource: how to build and run one app. */
@Group(ApplicationResource.GROUP)
@Version(ApplicationResource.VERSION)
@Kind("Application")
@Plural("applications")
@Singular("application")
@ShortNames("capp")
@Categories(ApplicationResource.CATEGORY)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(
    name = "Deploy Path",
    jsonPath = ".spec.deployPath",
    getDescription = "Where its releases live on every host.")
@AdditionalPrinterColumn(
    name = "Repository",
    jsonPath = ".spec.repository.url",
    getDescription = "The Git repository its releases are built from.")
@AdditionalPrinterColumn(
    name = "Spec",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
    getDescription = "Valid, or InvalidSpec (the problems are in the Ready condition).")
public class ApplicationResource
    extends CustomResource<ApplicationResourceSpec, ApplicationResourceStatus>
    implements Namespaced {

  public static final String GROUP = "capstan.dev";
  public static final String VERSION = "v1alpha1";

  /** What {@code kubectl get capstan} lists: both kinds. */
  public static final String CATEGORY = "capstan";

  @Override
  @JsonPropertyDescription("How to build and run one app; shared by its Environments.")
  public ApplicationResourceSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("Whether the spec is valid, as the controller last read it.")
  public ApplicationResourceStatus getStatus() {
    return super.getStatus();
  }
}
