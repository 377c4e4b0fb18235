package dev.capstan.model;

/**
 * A command that proves a switched release serves: exit 0 means healthy.
 *
 * @param timeoutSeconds limit for one attempt
 * @param retries attempts after the first failing one
 * @param intervalSeconds pause between attempts
 */
public record HealthCheckSpec(
    String command, int timeoutSeconds, int retries, int intervalSeconds) {

  public static final int DEFAULT_TIMEOUT_SECONDS = 30;
  public static final int DEFAULT_RETRIES = 3;
  public static final int DEFAULT_INTERVAL_SECONDS = 1;
}
