package dev.capstan.testing;

import java.util.List;

/**
 * An ordinary (non-root) account that tests deploy as, created with {@code useradd} when this
 * machine does not have it yet; kept afterwards, like any service account.
 */
public final class DeployUser {

  /** The account name, the same on every test host (they share this machine's users). */
  public static final String NAME = "capstan-deploy";

  private DeployUser() {}

  /**
   * Creates the account (login shell {@code /bin/sh}, home folder made) unless it exists, and
   * unlocks it for key logins.
   */
  public static String ensure() {
    OpenSshTools.requireRoot("creating the non-root deploy user " + NAME);
    OpenSshTools.require("useradd", "passwd");
    try {
      OpenSshTools.run(List.of("id", "-u", NAME));
    } catch (IllegalStateException missing) {
      try {
        OpenSshTools.run(List.of("useradd", "--create-home", "--shell", "/bin/sh", NAME));
      } catch (IllegalStateException e) {
        // Another test JVM may have created it meanwhile; only a missing user is a failure.
        OpenSshTools.run(List.of("id", "-u", NAME));
      }
    }
    // useradd locks the password ("!"), and sshd without PAM refuses locked accounts even with
    // a key: "*" means no password login, but not locked.
    OpenSshTools.run(List.of("usermod", "-p", "*", NAME));
    return NAME;
  }
}
