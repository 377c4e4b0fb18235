package dev.capstan.services;

import dev.capstan.model.ServiceSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * systemd units for a plan's services, for the deploy user's own manager ({@code systemctl --user})
 * or the system's (when the deploy user is root). Pure.
 *
 * <p>A gunicorn service gets a {@code .socket} unit beside its {@code .service}: systemd binds and
 * holds the socket and hands it over as descriptor 3 ({@code LISTEN_FDS}, {@code --bind fd://3});
 * while the service restarts, connections wait in the socket's backlog instead of being refused.
 * The release and the environment are in the launcher ({@code .capstan/systemd/launch/NAME.sh}), as
 * for supervisord, so a switch rewrites no unit and needs no {@code daemon-reload}. Output goes to
 * the journal ({@code journalctl -u UNIT}).
 */
public final class SystemdUnits {

  /** The launchers' folder's parent, relative to the deploy path; the logs are in the journal. */
  public static final String DIR = ".capstan/systemd";

  private static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_.-]{0,31}");

  /** Whose systemd runs the units. */
  public enum Scope {
    /** The deploy user's manager: units in {@code ~/.config/systemd/user}. */
    USER("default.target"),
    /** The system's: units in {@code /etc/systemd/system}, run as the deploy user. */
    SYSTEM("multi-user.target");

    private final String target;

    Scope(String target) {
      this.target = target;
    }
  }

  private SystemdUnits() {}

  /**
   * The units' common prefix for one deploy path: {@code capstan-<last folder>-<8 hex digits of the
   * path's SHA-256>}, so two deploy paths on one host never share a unit.
   */
  public static String prefix(String deployPath) {
    String last =
        deployPath.substring(deployPath.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9_-]", "_");
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(deployPath.getBytes(StandardCharsets.UTF_8));
      return "capstan-" + last + "-" + HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Where the launchers go on the host. */
  public static String launchDir(String deployPath) {
    return deployPath + "/" + DIR + "/launch";
  }

  /** Whether {@code user} can be a {@code User=} value: a plain login name. */
  static boolean isUserName(String user) {
    return user != null && USER.matcher(user).matches();
  }

  /** A service's unit name without suffix: {@code <prefix>-<service>}. */
  public static String unit(String deployPath, String service) {
    return prefix(deployPath) + "-" + service;
  }

  /**
   * Every unit and launcher of the plan.
   *
   * @param unitDir where the units go: {@code ~/.config/systemd/user} resolved, or {@code
   *     /etc/systemd/system}
   * @param user the deploy user, for {@link Scope#SYSTEM} ({@code User=}); ignored for USER
   */
  public static List<GeneratedFile> generate(
      ServicePlan plan, Scope scope, String unitDir, String user) {
    if (scope == Scope.SYSTEM && !isUserName(user)) {
      throw new IllegalArgumentException("system units need the deploy user's name: " + user);
    }
    List<GeneratedFile> files = new ArrayList<>();
    for (ServiceRun run : plan.runs()) {
      String unit = unit(plan.deployPath(), run.name());
      if (run.gunicorn() != null) {
        files.add(
            new GeneratedFile(
                unitDir + "/" + unit + ".socket", socket(plan.deployPath(), run), "0644"));
      }
      files.add(
          new GeneratedFile(
              unitDir + "/" + unit + ".service",
              service(plan.deployPath(), run, scope, user),
              "0644"));
      files.add(
          new GeneratedFile(
              launchDir(plan.deployPath()) + "/" + run.name() + ".sh",
              Launchers.launcher(run, "fd://3"),
              "0700"));
    }
    return files;
  }

  static String socket(String deployPath, ServiceRun run) {
    ServiceSpec.Gunicorn gunicorn = run.gunicorn();
    return "# Written by Capstan: the socket of service "
        + run.name()
        + " of "
        + deployPath
        + ". Do not edit.\n"
        + "[Unit]\n"
        + "Description=Capstan: socket of "
        + run.name()
        + " in "
        + deployPath
        + "\n"
        + "\n"
        + "[Socket]\n"
        + "ListenStream="
        + gunicorn.bind()
        + "\n"
        + "Backlog=2048\n"
        + "\n"
        + "[Install]\n"
        + "WantedBy=sockets.target\n";
  }

  static String service(String deployPath, ServiceRun run, Scope scope, String user) {
    String unit = unit(deployPath, run.name());
    StringBuilder text = new StringBuilder();
    text.append("# Written by Capstan: service ")
        .append(run.name())
        .append(" of ")
        .append(deployPath)
        .append(". Do not edit.\n")
        .append("[Unit]\n")
        .append("Description=Capstan: ")
        .append(run.name())
        .append(" in ")
        .append(deployPath)
        .append('\n');
    if (run.gunicorn() != null) {
      text.append("Requires=")
          .append(unit)
          .append(".socket\n")
          .append("After=")
          .append(unit)
          .append(".socket network.target\n");
    } else {
      text.append("After=network.target\n");
    }
    text.append('\n')
        .append("[Service]\n")
        .append("Type=simple\n")
        .append("ExecStart=/bin/sh ")
        .append(deployPath)
        .append('/')
        .append(DIR)
        .append("/launch/")
        .append(run.name())
        .append(".sh\n")
        .append("WorkingDirectory=")
        .append(deployPath)
        .append('\n');
    if (scope == Scope.SYSTEM) {
      text.append("User=").append(user).append('\n');
    }
    text.append("KillSignal=SIGTERM\n")
        // TERM to the main process (gunicorn's graceful stop, Celery's warm shutdown), KILL
        // to all that is left once TimeoutStopSec has passed.
        .append("KillMode=mixed\n")
        .append("TimeoutStopSec=")
        .append(SupervisordFiles.seconds(run.spec().stopTimeout()))
        .append('\n')
        .append("Restart=always\n")
        .append("RestartSec=1\n")
        // The journal, not a file: systemd's own lines about the unit (why it stopped, how it
        // exited) and the program's output come back together from journalctl -u.
        .append("StandardOutput=journal\n")
        .append("StandardError=inherit\n")
        .append("SyslogIdentifier=")
        .append(run.name())
        .append('\n')
        .append('\n')
        .append("[Install]\n")
        .append("WantedBy=")
        .append(scope.target)
        .append('\n');
    return text.toString();
  }
}
