package dev.capstan.reconcile;

/**
 * One thing a pass changed on a host: what kind of drift it corrects, when it is drift, and what
 * was done, in words.
 */
public record Change(Kind kind, String text) {

  /**
   * The kinds of drift metrics count, with their label ({@code capstan_drift_corrections_total}).
   */
  public enum Kind {
    /** {@code current} was gone: switched to the live release again. */
    CURRENT_MISSING("current_missing"),
    /** {@code current} pointed at another release: switched back. */
    CURRENT_MOVED("current_moved"),
    /** A shared path was no longer linked into the live release: relinked. */
    SHARED_LINK_MISSING("shared_link_missing"),
    /** The live release failed its health check: activated again. */
    UNHEALTHY("unhealthy"),
    /** The live release's virtualenv lost its interpreter or its completion mark: rebuilt. */
    VIRTUALENV_BROKEN("virtualenv_broken"),
    /** A config file under shared/ differed from its source or was missing: written again. */
    CONFIG_FILE_CHANGED("config_file_changed"),
    /** A service ran another release, definition or files than planned: restarted. */
    SERVICE_STALE("service_stale"),
    /** A service did not run: started. */
    SERVICE_DOWN("service_down"),
    /**
     * A process of a service exited or was replaced since the last check, outside this controller:
     * its supervisor started it again (a gunicorn master killed, say). Reported, nothing to do.
     */
    SERVICE_RESTARTED("service_restarted"),
    /** The desired release was gone from the host: built again. */
    RELEASE_REBUILT("release_rebuilt"),
    /** Anything else a pass did: a switch that follows a build, say. */
    OTHER("other");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    /** The metric label. */
    public String label() {
      return label;
    }
  }
}
