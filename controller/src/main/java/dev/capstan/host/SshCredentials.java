package dev.capstan.host;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What an SSH connection needs: the private key file, the known_hosts file that every host key
 * is verified against, and how long connecting may take.
 */
public record SshCredentials(Path privateKey, Path knownHosts, Duration connectTimeout) {

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
}
