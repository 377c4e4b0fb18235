package dev.capstan.release;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Who switches a host's {@code current} and why, as {@code revisions.log} and {@code history} show
 * it: {@code alice@laptop} for the command line, {@code controller@machine (push)} for the
 * controller and what woke it.
 *
 * @param who who switched; never blank
 * @param reason why, when given (a rollback's {@code --reason}, say); or null
 */
public record SwitchedBy(String who, String reason) {

  public SwitchedBy {
    if (who == null || who.isBlank()) {
      throw new IllegalArgumentException("who switched must be named");
    }
    if (reason != null && reason.isBlank()) {
      reason = null;
    }
  }

  /** A person at this machine: {@code user@machine}. */
  public static SwitchedBy commandLine() {
    return new SwitchedBy(System.getProperty("user.name", "unknown") + "@" + machine(), null);
  }

  /** The controller on this machine, woken by {@code trigger} ({@code push}, {@code requeue}…). */
  public static SwitchedBy controller(String trigger) {
    String why = trigger == null || trigger.isBlank() ? "" : " (" + trigger + ")";
    return new SwitchedBy("controller@" + machine() + why, null);
  }

  /** The same deployer, for another reason. */
  public SwitchedBy because(String why) {
    return new SwitchedBy(who, why);
  }

  private static String machine() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown";
    }
  }
}
