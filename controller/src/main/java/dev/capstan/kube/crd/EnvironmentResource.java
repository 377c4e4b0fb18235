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

/** The {@code Environment} custom resource: which commit of an Application is live where. */
@Group(ApplicationResource.GROUP)
@Version(ApplicationResource.VERSION)
@Kind("Environment")
@Plural("environments")
@Singular("environment")
@ShortNames("cenv")
@Categories(ApplicationResource.CATEGORY)
// kubectl shows them in this order (the generator sorts by path); priority 1 only with -o wide.
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(
    name = "Application",
    jsonPath = ".spec.application",
    priority = 1,
    getDescription = "The Application this Environment deploys.")
@AdditionalPrinterColumn(
    name = "Revision",
    jsonPath = ".spec.revision",
    getDescription = "The commit, tag or branch the spec asks for.")
@AdditionalPrinterColumn(
    name = "Commit",
    jsonPath = ".status.commit",
    priority = 1,
    getDescription = "The full commit id the revision resolved to.")
@AdditionalPrinterColumn(
    name = "Phase",
    jsonPath = ".status.phase",
    getDescription = "Invalid, Degraded, Progressing, Ready or Pending.")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.readyHosts",
    getDescription = "Hosts that run the desired release, of all.")
public class EnvironmentResource
    extends CustomResource<EnvironmentResourceSpec, EnvironmentResourceStatus>
    implements Namespaced {

  @Override
  @JsonPropertyDescription("Which commit of an Application is live on which hosts.")
  public EnvironmentResourceSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription(
      "What the controller last found and did: live commit, hosts, conditions. Written by the"
          + " controller only.")
  public EnvironmentResourceStatus getStatus() {
    return super.getStatus();
  }
}
