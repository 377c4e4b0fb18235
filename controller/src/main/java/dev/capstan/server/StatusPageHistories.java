package dev.capstan.server;

import dev.capstan.reconcile.EnvironmentHistory;
import java.util.List;

/**
 * Where the status page gets the release history of each Environment's hosts (releases and their
 * switch times), which the recorded status does not carry. It is called on every page view (every 5
 * seconds per open page), so an implementation answers from what it last read and never waits on a
 * host.
 */
@FunctionalInterface
public interface StatusPageHistories {

  /** The histories known now, one per Environment that has one. */
  List<EnvironmentHistory.Report> histories();
}
