package dev.capstan.reconcile;

/** Sorts the words a pass uses for a change into the few drift categories metrics count. */
public final class DriftReasons {

  private DriftReasons() {}

  public static String category(String change) {
    if (change.startsWith("current was missing")) {
      return "current_missing";
    }
    if (change.startsWith("current pointed at")) {
      return "current_moved";
    }
    if (change.startsWith("shared link missing")) {
      return "shared_link_missing";
    }
    if (change.startsWith("health check failed")) {
      return "unhealthy";
    }
    if (change.startsWith("virtualenv of ")) {
      return "virtualenv_broken";
    }
    if (change.startsWith("built ")) {
      return "release_rebuilt";
    }
    return "other";
  }
}
