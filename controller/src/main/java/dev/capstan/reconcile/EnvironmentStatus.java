package dev.capstan.reconcile;

import dev.capstan.model.Pin;
import dev.capstan.model.Veto;
import java.time.Instant;
import java.util.List;

/**
 * What the controller last knew of an Environment: the status file mode writes to its state folder
 * and Kubernetes mode to the resource's status subresource.
 *
 * @param revision the revision the spec asks for
 * @param commit the commit live on its hosts (when they all run the same one), else null
 * @param failedCommit the commit asked for whose release failed and is held back, else null
 * @param configurationError a desired-state problem that keeps the last good spec in force
 * @param lastReconcile when the controller last finished a reconcile of it
 * @param pin the pin in force, null when none
 * @param veto the vetoes in force
 * @param pinNote what the pin or a veto did ({@code pinned to 3f2a9c1 by pin: "reason"}), else null
 * @param backups the last backup and the last that verified, null when the controller took none
 * @param hold why a new revision is not rolled out now (a closed window, a promotion not due), null
 *     when nothing holds it
 * @param notifications each webhook's last delivery, by its name ({@code notify[0] (generic)})
 * @param dependencies what the live releases depend on, as the last dependency check found; null
 *     when none ran (no {@code upkeep}, or not yet)
 */
public record EnvironmentStatus(
    String name,
    String revision,
    String commit,
    String failedCommit,
    List<Condition> conditions,
    List<HostStatus> hosts,
    String configurationError,
    Instant lastReconcile,
    Pin pin,
    List<Veto> veto,
    String pinNote,
    BackupStatus backups,
    RolloutHold hold,
    java.util.Map<String, String> notifications,
    DependencyStatus dependencies) {

  public EnvironmentStatus {
    notifications =
        notifications == null ? java.util.Map.of() : java.util.Map.copyOf(notifications);
    conditions = List.copyOf(conditions);
    hosts = List.copyOf(hosts);
    veto = veto == null ? List.of() : List.copyOf(veto);
  }

  /** A status with no dependency check recorded. */
  public EnvironmentStatus(
      String name,
      String revision,
      String commit,
      String failedCommit,
      List<Condition> conditions,
      List<HostStatus> hosts,
      String configurationError,
      Instant lastReconcile,
      Pin pin,
      List<Veto> veto,
      String pinNote,
      BackupStatus backups,
      RolloutHold hold,
      java.util.Map<String, String> notifications) {
    this(
        name,
        revision,
        commit,
        failedCommit,
        conditions,
        hosts,
        configurationError,
        lastReconcile,
        pin,
        veto,
        pinNote,
        backups,
        hold,
        notifications,
        null);
  }

  /** A status with no hold or notifications shown. */
  public EnvironmentStatus(
      String name,
      String revision,
      String commit,
      String failedCommit,
      List<Condition> conditions,
      List<HostStatus> hosts,
      String configurationError,
      Instant lastReconcile,
      Pin pin,
      List<Veto> veto,
      String pinNote,
      BackupStatus backups) {
    this(
        name,
        revision,
        commit,
        failedCommit,
        conditions,
        hosts,
        configurationError,
        lastReconcile,
        pin,
        veto,
        pinNote,
        backups,
        null,
        null);
  }

  /** A status with no backups recorded. */
  public EnvironmentStatus(
      String name,
      String revision,
      String commit,
      String failedCommit,
      List<Condition> conditions,
      List<HostStatus> hosts,
      String configurationError,
      Instant lastReconcile,
      Pin pin,
      List<Veto> veto,
      String pinNote) {
    this(
        name,
        revision,
        commit,
        failedCommit,
        conditions,
        hosts,
        configurationError,
        lastReconcile,
        pin,
        veto,
        pinNote,
        null);
  }

  /** A status with no pin or veto. */
  public EnvironmentStatus(
      String name,
      String revision,
      String commit,
      String failedCommit,
      List<Condition> conditions,
      List<HostStatus> hosts,
      String configurationError,
      Instant lastReconcile) {
    this(
        name,
        revision,
        commit,
        failedCommit,
        conditions,
        hosts,
        configurationError,
        lastReconcile,
        null,
        null,
        null);
  }

  /** The same status with the pin, vetoes and note of another (the fresher one). */
  public EnvironmentStatus withPinsOf(EnvironmentStatus other) {
    return withPins(other.pin(), other.veto(), other.pinNote());
  }

  /** The same status with this pin, these vetoes and this note. */
  public EnvironmentStatus withPins(Pin otherPin, List<Veto> otherVeto, String otherNote) {
    return new EnvironmentStatus(
        name,
        revision,
        commit,
        failedCommit,
        conditions,
        hosts,
        configurationError,
        lastReconcile,
        otherPin,
        otherVeto,
        otherNote,
        backups,
        hold,
        notifications,
        dependencies);
  }

  /** The same status with these backups. */
  public EnvironmentStatus withBackups(BackupStatus other) {
    return new EnvironmentStatus(
        name,
        revision,
        commit,
        failedCommit,
        conditions,
        hosts,
        configurationError,
        lastReconcile,
        pin,
        veto,
        pinNote,
        other,
        hold,
        notifications,
        dependencies);
  }

  /** The same status with this hold (null: none) on new rollouts. */
  public EnvironmentStatus withHold(RolloutHold other) {
    return new EnvironmentStatus(
        name,
        revision,
        commit,
        failedCommit,
        conditions,
        hosts,
        configurationError,
        lastReconcile,
        pin,
        veto,
        pinNote,
        backups,
        other,
        notifications,
        dependencies);
  }

  /** The same status with these webhooks' last deliveries. */
  public EnvironmentStatus withNotifications(java.util.Map<String, String> other) {
    return new EnvironmentStatus(
        name,
        revision,
        commit,
        failedCommit,
        conditions,
        hosts,
        configurationError,
        lastReconcile,
        pin,
        veto,
        pinNote,
        backups,
        hold,
        other,
        dependencies);
  }

  /**
   * The same status with these dependencies and the Vulnerable condition they add up to (its
   * transition time kept while its status does not change).
   */
  public EnvironmentStatus withDependencies(DependencyStatus other, Instant now) {
    List<Condition> next = new java.util.ArrayList<>();
    conditions.stream().filter(c -> !c.type().equals(Condition.VULNERABLE)).forEach(next::add);
    next.add(Conditions.vulnerable(other, conditions, now));
    return new EnvironmentStatus(
        name,
        revision,
        commit,
        failedCommit,
        next,
        hosts,
        configurationError,
        lastReconcile,
        pin,
        veto,
        pinNote,
        backups,
        hold,
        notifications,
        other);
  }

  /**
   * The same status with the dependencies and the Vulnerable condition of {@code other}, when it
   * has them: a reconcile pass knows nothing of dependencies, so its status keeps the last check's.
   */
  public EnvironmentStatus withDependenciesOf(EnvironmentStatus other) {
    if (other == null || other.dependencies() == null) {
      return this;
    }
    List<Condition> next = new java.util.ArrayList<>();
    conditions.stream().filter(c -> !c.type().equals(Condition.VULNERABLE)).forEach(next::add);
    other.conditions().stream()
        .filter(c -> c.type().equals(Condition.VULNERABLE))
        .forEach(next::add);
    return new EnvironmentStatus(
        name,
        revision,
        commit,
        failedCommit,
        next,
        hosts,
        configurationError,
        lastReconcile,
        pin,
        veto,
        pinNote,
        backups,
        hold,
        notifications,
        other.dependencies());
  }
}
