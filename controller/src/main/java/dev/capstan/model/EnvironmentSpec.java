package dev.capstan.model;

import java.time.Duration;
import java.util.List;

/**
 * Which commit of an Application is live on which hosts.
 *
 * @param hostSpecs the hosts with their roles and env, in the order of {@code hosts}
 * @param revision the revision to run; null with {@code promoteFrom}, until a commit is promoted
 * @param pins the pin and vetoes in force: the spec's, overlaid by the operator's commands
 * @param windows when new rollouts may start; empty: always
 * @param notifications where its events are sent ({@code notify} in the YAML)
 * @param promoteFrom instead of a revision, the Environment whose healthy commit it follows; null
 */
public record EnvironmentSpec(
    String application,
    String revision,
    List<HostAddress> hosts,
    SshSpec ssh,
    RolloutSpec rollout,
    Duration driftInterval,
    boolean suspend,
    List<HostSpec> hostSpecs,
    PinState pins,
    List<WindowSpec> windows,
    List<NotifySpec> notifications,
    PromoteFrom promoteFrom) {

  public static final Duration DEFAULT_DRIFT_INTERVAL = Duration.ofSeconds(30);

  public EnvironmentSpec {
    pins = pins == null ? PinState.NONE : pins;
    windows = windows == null ? List.of() : List.copyOf(windows);
    notifications = notifications == null ? List.of() : List.copyOf(notifications);
    hosts = List.copyOf(hosts);
    hostSpecs =
        hostSpecs == null ? hosts.stream().map(HostSpec::of).toList() : List.copyOf(hostSpecs);
    if (!hostSpecs.stream().map(HostSpec::address).toList().equals(hosts)) {
      throw new IllegalArgumentException("hostSpecs must hold the hosts, in their order");
    }
  }

  /** A spec with no windows, notifications or promotion. */
  public EnvironmentSpec(
      String application,
      String revision,
      List<HostAddress> hosts,
      SshSpec ssh,
      RolloutSpec rollout,
      Duration driftInterval,
      boolean suspend,
      List<HostSpec> hostSpecs,
      PinState pins) {
    this(
        application,
        revision,
        hosts,
        ssh,
        rollout,
        driftInterval,
        suspend,
        hostSpecs,
        pins,
        null,
        null,
        null);
  }

  /** A spec with no pin or veto. */
  public EnvironmentSpec(
      String application,
      String revision,
      List<HostAddress> hosts,
      SshSpec ssh,
      RolloutSpec rollout,
      Duration driftInterval,
      boolean suspend,
      List<HostSpec> hostSpecs) {
    this(application, revision, hosts, ssh, rollout, driftInterval, suspend, hostSpecs, null);
  }

  /** A spec whose hosts have no roles or env of their own. */
  public EnvironmentSpec(
      String application,
      String revision,
      List<HostAddress> hosts,
      SshSpec ssh,
      RolloutSpec rollout,
      Duration driftInterval,
      boolean suspend) {
    this(application, revision, hosts, ssh, rollout, driftInterval, suspend, null, null);
  }

  /** The roles and env of one of the hosts; none for an address that is not one of them. */
  public HostSpec hostSpec(HostAddress host) {
    return hostSpecs.stream()
        .filter(h -> h.address().equals(host))
        .findFirst()
        .orElse(HostSpec.of(host));
  }

  /**
   * The host that migrates the database, and so takes its backups and reverses its migrations for a
   * rollback: the first with role {@code migrate}, else the first host.
   */
  public HostAddress migratingHost() {
    return hosts.stream()
        .filter(h -> hostSpec(h).hasRole("migrate"))
        .findFirst()
        .orElse(hosts.get(0));
  }

  /** The same spec deploying another Application (Kubernetes mode qualifies names by namespace). */
  public EnvironmentSpec withApplication(String otherApplication) {
    return new EnvironmentSpec(
        otherApplication,
        revision,
        hosts,
        ssh,
        rollout,
        driftInterval,
        suspend,
        hostSpecs,
        pins,
        windows,
        notifications,
        promoteFrom);
  }

  /** The same spec running {@code commit}: a promoting Environment once its source's is chosen. */
  public EnvironmentSpec withRevision(String commit) {
    return new EnvironmentSpec(
        application,
        commit,
        hosts,
        ssh,
        rollout,
        driftInterval,
        suspend,
        hostSpecs,
        pins,
        windows,
        notifications,
        promoteFrom);
  }

  /** The same spec with other deploy windows ({@code apply --ignore-windows}: none). */
  public EnvironmentSpec withWindows(List<WindowSpec> other) {
    return new EnvironmentSpec(
        application,
        revision,
        hosts,
        ssh,
        rollout,
        driftInterval,
        suspend,
        hostSpecs,
        pins,
        other,
        notifications,
        promoteFrom);
  }

  /** The same spec with these pin and vetoes in force. */
  public EnvironmentSpec withPins(PinState inForce) {
    return new EnvironmentSpec(
        application,
        revision,
        hosts,
        ssh,
        rollout,
        driftInterval,
        suspend,
        hostSpecs,
        inForce,
        windows,
        notifications,
        promoteFrom);
  }
}
