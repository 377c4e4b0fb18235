package dev.capstan.server;

/** Whether the controller is ready to serve ({@code GET /readyz}), and if not, why. */
public interface Readiness {

  boolean ready();

  /** A short human-readable reason, asked for only when {@link #ready()} is false. */
  String why();
}
