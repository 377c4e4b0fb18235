package dev.capstan.model;

import java.time.Duration;

/**
 * The Git repository an Application is deployed from.
 *
 * @param url https, ssh, file:// or a path relative to the YAML file that declared it
 * @param subPath folder of the repository to deploy; empty for the whole tree
 * @param credentials optional: SSH private key (ssh URLs) or a {@code user:token} file (https)
 * @param pollInterval how often a followed branch is fetched
 */
public record RepositorySpec(
    String url, String subPath, SecretSource credentials, Duration pollInterval) {

  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(60);

  /** The same repository fetched at another interval. */
  public RepositorySpec withPollInterval(Duration otherPollInterval) {
    return new RepositorySpec(url, subPath, credentials, otherPollInterval);
  }

  /** The same repository read with other credentials. */
  public RepositorySpec withCredentials(SecretSource otherCredentials) {
    return new RepositorySpec(url, subPath, otherCredentials, pollInterval);
  }
}
