package dev.capstan.model;

import java.time.Duration;
import java.util.List;

/** Which commit of an Application is live on which hosts. */
public record EnvironmentSpec(
    String application,
    String revision,
    List<HostAddress> hosts,
    SshSpec ssh,
    RolloutSpec rollout,
    Duration driftInterval,
    boolean suspend) {

  public static final Duration DEFAULT_DRIFT_INTERVAL = Duration.ofSeconds(30);

  public EnvironmentSpec {
    hosts = List.copyOf(hosts);
  }

  /** The same spec deploying another Application (Kubernetes mode qualifies names by namespace). */
  public EnvironmentSpec withApplication(String otherApplication) {
    return new EnvironmentSpec(
        otherApplication, revision, hosts, ssh, rollout, driftInterval, suspend);
  }
}
