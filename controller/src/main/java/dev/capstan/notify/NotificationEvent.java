package dev.capstan.notify;

import dev.capstan.model.NotifySpec;

/**
 * What a notification is about. The constant names are the wire names (in bodies and in {@code
 * notify[].events}), listed in {@link NotifySpec#EVENTS}.
 */
public enum NotificationEvent {
  BuildStarted,
  Deployed,
  RolledBack,
  RolloutFailed,
  DriftCorrected,
  WindowBlocked,
  BackupFailed,
  BackupVerified,
  Vulnerable;

  /** The event named {@code wire}, as {@code notify[].events} writes it. */
  public static NotificationEvent ofWire(String wire) {
    return valueOf(wire);
  }
}
