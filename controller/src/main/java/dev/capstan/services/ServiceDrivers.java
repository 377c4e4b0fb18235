package dev.capstan.services;

import dev.capstan.host.HostException;
import dev.capstan.host.RemoteHost;
import dev.capstan.model.Supervisor;
import dev.capstan.remote.Protocol;
import dev.capstan.remote.Protocol.Marker;
import dev.capstan.remote.RemoteScript;
import dev.capstan.remote.ScriptOutput;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Which {@link ServiceDriver} a host gets (pure: from the Application's {@code supervisor} and what
 * the host's observation said), and what the drivers share.
 */
public final class ServiceDrivers {

  private ServiceDrivers() {}

  /**
   * What {@code capstan_svc_init} reported: whether systemd is the init, and the deploy user.
   *
   * @param account null when the host reported none that systemd units could run as
   */
  public record HostInit(boolean systemdRuns, SystemdDriver.Account account) {

    /** The {@code service-init} record of an observation, if it has one. */
    public static Optional<HostInit> parse(ScriptOutput output) {
      return output.last(Marker.SERVICE_INIT).map(HostInit::parse);
    }

    static HostInit parse(String args) {
      String[] f = args.strip().split(" ", 4);
      boolean systemd = f[0].equals("systemd");
      if (f.length < 3 || !f[1].matches("[0-9]{1,10}")) {
        return new HostInit(systemd, null);
      }
      try {
        return new HostInit(
            systemd,
            new SystemdDriver.Account(Long.parseLong(f[1]), f[2], f.length > 3 ? f[3] : null));
      } catch (IllegalArgumentException e) {
        return new HostInit(systemd, null); // a user systemd units cannot name
      }
    }
  }

  /** The call to append to a host's observation: one {@code service-init} record. */
  public static RemoteScript.Fragment init() {
    return RemoteScript.Fragment.of("capstan_svc_init");
  }

  /**
   * The driver for one deploy path on one host: {@code auto} takes systemd where it is the init,
   * else the supervisord of Capstan's own.
   *
   * @param account the deploy user as the host reported it; needed for systemd only
   * @throws ServiceException when {@code systemd} is asked for where it does not run, or for a user
   *     it cannot run units as
   */
  public static ServiceDriver choose(
      Supervisor configured,
      boolean systemdRuns,
      RemoteHost host,
      String deployPath,
      Duration timeout,
      SystemdDriver.Account account)
      throws ServiceException {
    boolean systemd =
        switch (configured) {
          case SYSTEMD -> true;
          case SUPERVISORD -> false;
          case AUTO -> systemdRuns;
        };
    if (!systemd) {
      return new SupervisordDriver(host, deployPath, timeout);
    }
    if (!systemdRuns) {
      throw new ServiceException(
          "supervisor: systemd, but systemd is not the init of "
              + host.name()
              + " (no /run/systemd/system): use supervisor: supervisord or auto");
    }
    if (account == null) {
      throw new ServiceException(
          host.name() + " did not say which user runs the units (service-init record)");
    }
    return new SystemdDriver(host, deployPath, timeout, account);
  }

  /** Runs a driver's script; a failure becomes a ServiceException with the script's stderr. */
  static ScriptOutput run(RemoteHost host, Duration timeout, RemoteScript script, String what)
      throws HostException, ServiceException {
    ScriptOutput output = script.run(host, timeout);
    if (!output.succeeded()) {
      throw new ServiceException(
          "could not "
              + what
              + " on "
              + host.name()
              + " ("
              + describe(output)
              + "): "
              + output.stderrTail(Protocol.TAIL_LINES).strip());
    }
    return output;
  }

  /** The {@code service-log} lines of an output, one text. */
  /**
   * What {@code service}'s own log says last, as a person reads it when it failed ({@link
   * LogExcerpt}): its last lines, with the exception that explains them.
   */
  public static String lastWords(ServiceDriver driver, String service) throws HostException {
    return LogExcerpt.focus(driver.logTail(service, LogExcerpt.READ_LINES), Protocol.TAIL_LINES);
  }

  /** {@code "\n NAME log:"} and each line of {@code log} after {@code "\n | "}; "" for none. */
  public static String logBlock(String service, String log) {
    if (log.isBlank()) {
      return "";
    }
    StringBuilder text = new StringBuilder("\n  ").append(service).append(" log:");
    log.strip().lines().forEach(line -> text.append("\n    | ").append(line));
    return text.toString();
  }

  static String logLines(ScriptOutput output) {
    return String.join("\n", output.all(Marker.SERVICE_LOG));
  }

  private static String describe(ScriptOutput output) {
    for (Protocol.Exit exit : Protocol.Exit.values()) {
      if (output.exited(exit)) {
        return exit.name().toLowerCase(Locale.ROOT).replace('_', ' ');
      }
    }
    return "exit status " + output.exitStatus();
  }
}
