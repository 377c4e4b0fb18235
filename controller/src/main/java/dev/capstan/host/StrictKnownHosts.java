package dev.capstan.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.common.SecurityUtils;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;

/**
 * Verifies host keys against a known_hosts file and nothing else: unknown, changed and revoked keys
 * are refused, never added, and the reason is kept for the error message. As in OpenSSH, a key on a
 * {@code @revoked} line for the host is refused even when another line lists it plainly, and a host
 * matched by several lines is accepted when any of them holds the offered key.
 */
final class StrictKnownHosts extends OpenSSHKnownHosts {

  private final Path file;
  private volatile String rejection;

  private StrictKnownHosts(Path file) throws IOException {
    super(file.toFile());
    this.file = file;
  }

  /** Reads {@code file}; a missing file trusts no host, which the rejection message then says. */
  static StrictKnownHosts load(Path file) throws IOException {
    return new StrictKnownHosts(file);
  }

  /** Why the last offered host key was refused, or null when none was. */
  String rejection() {
    return rejection;
  }

  @Override
  public boolean verify(String hostname, int port, PublicKey key) {
    KeyType type = KeyType.fromKey(key);
    if (type == KeyType.UNKNOWN) {
      rejection = "host key for %s is of an unknown type".formatted(hostname);
      return false;
    }
    String host = port == 22 || port <= 0 ? hostname : "[" + hostname + "]:" + port;
    boolean listed = false;
    boolean matched = false;
    try {
      for (KnownHostEntry entry : entries()) {
        if (!entry.appliesTo(type, host)) {
          continue;
        }
        if (isRevoked(entry)) {
          // sshj's verify is false for any revoked line: compare the keys themselves.
          if (SecurityUtils.getFingerprint(key).equals(entry.getFingerprint())) {
            rejection =
                ("host key for %s (%s) is marked @revoked in %s: it must never be accepted,"
                        + " whatever else the file says")
                    .formatted(host, describe(key), file);
            return false;
          }
          continue;
        }
        listed = true;
        matched |= entry.verify(key);
      }
    } catch (IOException e) {
      rejection =
          "cannot check host key for %s against %s: %s".formatted(host, file, e.getMessage());
      return false;
    }
    if (matched) {
      return true;
    }
    return listed ? hostKeyChangedAction(host, key) : hostKeyUnverifiableAction(host, key);
  }

  private static boolean isRevoked(KnownHostEntry entry) {
    return entry instanceof HostEntry && entry.getLine().startsWith("@revoked ");
  }

  @Override
  protected boolean hostKeyUnverifiableAction(String hostname, PublicKey key) {
    String missing = Files.exists(file) ? "" : ", which does not exist";
    rejection =
        "host key for %s is not in %s%s (%s)".formatted(hostname, file, missing, describe(key));
    return false;
  }

  @Override
  protected boolean hostKeyChangedAction(String hostname, PublicKey key) {
    rejection =
        ("host key for %s has changed: the offered key (%s) does not match the one in %s;"
                + " if the change is expected, replace that line")
            .formatted(hostname, describe(key), file);
    return false;
  }

  /** The key's type and SHA-256 fingerprint, as OpenSSH prints them. */
  static String describe(PublicKey key) {
    return KeyType.fromKey(key) + " " + fingerprint(key);
  }

  static String fingerprint(PublicKey key) {
    byte[] blob = new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
      return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** Never writes: accepting a key is a person's decision, made by editing the file. */
  @Override
  public void write() {
    throw new UnsupportedOperationException("known_hosts is read-only for Capstan");
  }

  @Override
  public void write(KnownHostEntry entry) {
    throw new UnsupportedOperationException("known_hosts is read-only for Capstan");
  }
}
