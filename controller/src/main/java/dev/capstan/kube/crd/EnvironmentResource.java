package dev.capstan.kube.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
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
@AdditionalPrinterColumn(
    name = "Age", jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class EnvironmentResource
    extends CustomResource<EnvironmentResourceSpec, EnvironmentResourceStatus>
    implements Namespaced {}
