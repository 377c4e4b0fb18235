package dev.capstan.services;

import dev.capstan.model.ServiceSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The files of a supervisord of Capstan's own for one deploy path, run as the deploy user (no root,
 * nothing outside the deploy path): {@code .capstan/supervisor/supervisord.conf}, one {@code
 * programs/NAME.conf} and one {@code launch/NAME.sh} per service. Pure.
 *
 * <p>A gunicorn service is an {@code [fcgi-program]}: supervisord creates and binds the socket and
 * hands it to each process as descriptor 0 ({@code --bind fd://0}). supervisord closes that socket
 * when no process of the group holds it any more (its SocketManager counts references), so the
 * group runs {@link #GUNICORN_SLOTS} gunicorn masters on the one socket and a switch restarts them
 * one at a time: the socket never closes, and a connection that arrives while a master restarts is
 * accepted by the other one, or waits in the kernel's backlog.
 */
public final class SupervisordFiles {

  /** The supervisor's folder, relative to the deploy path. */
  public static final String DIR = ".capstan/supervisor";

  /** Processes of a gunicorn service, restarted one after the other. */
  public static final int GUNICORN_SLOTS = 2;

  /**
   * Slots of a Celery service: one runs; at a switch the other starts on the new release before the
   * old worker is told to stop, so the old one drains its tasks while the new one takes the queue,
   * and the rollout never waits for a long task.
   */
  public static final int CELERY_SLOTS = 2;

  /** The longest path of a Unix socket (Linux's sun_path holds 108 bytes with the final NUL). */
  static final int MAX_SOCKET_PATH = 107;

  /** What supervisord waits for after a start before it calls the process running. */
  static final int START_SECONDS = 1;

  private SupervisordFiles() {}

  /** The supervisor's folder on the host. */
  public static String dir(String deployPath) {
    return deployPath + "/" + DIR;
  }

  public static String configFile(String deployPath) {
    return dir(deployPath) + "/supervisord.conf";
  }

  public static String socketFile(String deployPath) {
    return dir(deployPath) + "/supervisor.sock";
  }

  public static String pidFile(String deployPath) {
    return dir(deployPath) + "/supervisord.pid";
  }

  public static String logFile(String deployPath, String service) {
    return dir(deployPath) + "/logs/" + service + ".log";
  }

  /**
   * The names supervisorctl knows a service's processes by: {@code web:web_0}, or {@code worker}.
   */
  public static List<String> processNames(ServiceSpec service) {
    int slots = slots(service);
    if (slots == 1) {
      return List.of(service.name());
    }
    List<String> names = new ArrayList<>();
    for (int i = 0; i < slots; i++) {
      names.add(service.name() + ":" + service.name() + "_" + i);
    }
    return names;
  }

  /** Whether one process of the service runs at a time, in one of several slots (Celery). */
  public static boolean slotted(ServiceSpec service) {
    return service.program() instanceof ServiceSpec.Celery;
  }

  private static int slots(ServiceSpec service) {
    if (service.program() instanceof ServiceSpec.Gunicorn) {
      return GUNICORN_SLOTS;
    }
    return slotted(service) ? CELERY_SLOTS : 1;
  }

  /** Every file, the main configuration first. */
  public static List<GeneratedFile> generate(ServicePlan plan) {
    List<GeneratedFile> files = new ArrayList<>();
    files.add(new GeneratedFile(configFile(plan.deployPath()), main(plan.deployPath()), "0600"));
    for (ServiceRun run : plan.runs()) {
      String dir = dir(plan.deployPath());
      files.add(
          new GeneratedFile(
              dir + "/programs/" + run.name() + ".conf", program(plan.deployPath(), run), "0600"));
      files.add(
          new GeneratedFile(
              dir + "/launch/" + run.name() + ".sh", Launchers.launcher(run, "fd://0"), "0700"));
    }
    return files;
  }

  /** The supervisord of this deploy path: its socket, pid and log files in its own folder. */
  static String main(String deployPath) {
    String dir = dir(deployPath);
    return "; Written by Capstan: the supervisord of "
        + deployPath
        + ". Do not edit.\n"
        + "[unix_http_server]\n"
        + "file="
        + socketFile(deployPath)
        + "\n"
        + "chmod=0700\n"
        + "\n"
        + "[supervisord]\n"
        + "logfile="
        + dir
        + "/supervisord.log\n"
        + "logfile_maxbytes=10MB\n"
        + "logfile_backups=3\n"
        + "pidfile="
        + pidFile(deployPath)
        + "\n"
        + "childlogdir="
        + dir
        + "/logs\n"
        + "directory="
        + deployPath
        + "\n"
        + "identifier=capstan:"
        + deployPath
        + "\n"
        + "umask=022\n"
        + "\n"
        + "[rpcinterface:supervisor]\n"
        + "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n"
        + "\n"
        + "[supervisorctl]\n"
        + "serverurl=unix://"
        + socketFile(deployPath)
        + "\n"
        + "\n"
        + "[include]\n"
        + "files="
        + dir
        + "/programs/*.conf\n";
  }

  /**
   * A service's section. Nothing in it depends on the release: the launcher carries that, so a
   * switch changes no section and {@code update} leaves running groups alone.
   */
  static String program(String deployPath, ServiceRun run) {
    ServiceSpec.Gunicorn gunicorn = run.gunicorn();
    StringBuilder text = new StringBuilder();
    text.append("; Written by Capstan: service ").append(run.name()).append(". Do not edit.\n");
    if (gunicorn != null) {
      text.append("[fcgi-program:")
          .append(run.name())
          .append("]\n")
          .append("socket=tcp://")
          .append(gunicorn.bind())
          .append('\n')
          .append("socket_backlog=2048\n")
          .append("numprocs=")
          .append(GUNICORN_SLOTS)
          .append('\n')
          .append("process_name=%(program_name)s_%(process_num)d\n");
    } else if (slotted(run.spec())) {
      text.append("[program:")
          .append(run.name())
          .append("]\n")
          .append("numprocs=")
          .append(CELERY_SLOTS)
          .append('\n')
          .append("process_name=%(program_name)s_%(process_num)d\n");
    } else {
      text.append("[program:").append(run.name()).append("]\n");
    }
    text.append("command=/bin/sh ")
        .append(dir(deployPath))
        .append("/launch/")
        .append(run.name())
        .append(".sh\n")
        .append("directory=")
        .append(deployPath)
        .append('\n')
        // Capstan starts one slot of a slotted service itself.
        .append("autostart=")
        .append(!slotted(run.spec()))
        .append('\n')
        .append("autorestart=true\n")
        .append("startsecs=")
        .append(START_SECONDS)
        .append('\n')
        .append("startretries=3\n")
        // TERM: gunicorn's graceful stop, Celery's warm shutdown (running tasks finish).
        .append("stopsignal=TERM\n")
        .append("stopwaitsecs=")
        .append(seconds(run.spec().stopTimeout()))
        .append('\n')
        .append("killasgroup=true\n")
        .append("redirect_stderr=true\n")
        .append("stdout_logfile=")
        .append(logFile(deployPath, run.name()))
        .append('\n')
        .append("stdout_logfile_maxbytes=10MB\n")
        .append("stdout_logfile_backups=3\n");
    return text.toString();
  }

  /** Whole seconds, rounded up: supervisord takes no fractions. */
  static long seconds(Duration duration) {
    long seconds = duration.toSeconds();
    return duration.equals(Duration.ofSeconds(seconds)) ? Math.max(seconds, 1) : seconds + 1;
  }
}
