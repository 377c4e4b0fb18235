package dev.capstan.kube.crd;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
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
public class ApplicationResource
    extends CustomResource<ApplicationResourceSpec, ApplicationResourceStatus>
    implements Namespaced {

  public static final String GROUP = "capstan.dev";
  public static final String VERSION = "v1alpha1";
}
