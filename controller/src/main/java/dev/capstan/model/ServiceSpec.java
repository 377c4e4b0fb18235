package dev.capstan.model;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One long-running process of an Application (DESIGN.md, "Services"), run from the live release.
 *
 * @param name {@code [a-z][a-z0-9-]*}, unique within the Application
 * @param program what runs: a preset or a command
 * @param env added to the Application's env for this service only
 * @param stopTimeout how long a stop waits after TERM before KILL
 * @param roles empty: on every host; else only on hosts that have one of them
 */
public record ServiceSpec(
    String name,
    Program program,
    Map<String, String> env,
    Duration stopTimeout,
    List<String> roles) {

  public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(30);

  public ServiceSpec {
    env = EnvMaps.copy(env);
    roles = List.copyOf(roles);
  }

  /** Whether the service runs on a host with these roles. */
  public boolean runsOn(List<String> hostRoles) {
    return roles.isEmpty() || roles.stream().anyMatch(hostRoles::contains);
  }

  /** What a service runs. */
  public sealed interface Program permits Gunicorn, Celery, Command {}

  /**
   * The {@code gunicorn} preset: a WSGI app served on {@code bind} ({@code HOST:PORT}).
   *
   * @param host the address part of bind (an IPv6 address without brackets)
   * @param port 0 when the port is {@code portVariable}'s value
   * @param portVariable the env variable whose value is the port ({@code HOST:${PORT}}, so each
   *     host may bind its own); null when the port is written
   */
  public record Gunicorn(
      String app, String host, int port, String portVariable, int workers, List<String> args)
      implements Program {

    public static final int DEFAULT_WORKERS = 2;

    public Gunicorn {
      args = List.copyOf(args);
    }

    public Gunicorn(String app, String host, int port, int workers, List<String> args) {
      this(app, host, port, null, workers, args);
    }

    /** The bind as written: {@code HOST:PORT}, an IPv6 host in brackets. */
    public String bind() {
      return (host.contains(":") ? "[" + host + "]" : host)
          + ":"
          + (portVariable == null ? String.valueOf(port) : "${" + portVariable + "}");
    }

    /** This preset with its port taken from {@code env}; itself when the port is written. */
    public Gunicorn resolved(Map<String, String> env) {
      if (portVariable == null) {
        return this;
      }
      String value = env.get(portVariable);
      if (value == null
          || !value.matches("[0-9]{1,5}")
          || Integer.parseInt(value) < 1
          || Integer.parseInt(value) > 65535) {
        throw new IllegalArgumentException(
            "bind "
                + bind()
                + ": "
                + portVariable
                + (value == null ? " is not set in env" : " is not a port: " + value));
      }
      return new Gunicorn(app, host, Integer.parseInt(value), null, workers, args);
    }
  }

  /** The {@code celery} preset: {@code celery -A app args…}. */
  public record Celery(String app, List<String> args) implements Program {

    public static final List<String> DEFAULT_ARGS = List.of("worker");

    public Celery {
      args = List.copyOf(args);
    }
  }

  /** Any other process: a command line run by {@code /bin/sh} in the release folder. */
  public record Command(String command) implements Program {}
}
