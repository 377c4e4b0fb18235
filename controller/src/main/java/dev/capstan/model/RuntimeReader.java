package dev.capstan.model;

import dev.capstan.model.MapReader.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the fields of an Application spec that say what its processes run with: {@code env}, {@code
 * envFiles}, {@code configFiles}, {@code services}, {@code supervisor}, {@code beforeSwitch}.
 */
final class RuntimeReader {

  static final Set<String> FIELDS =
      Set.of("env", "envFiles", "configFiles", "services", "supervisor", "beforeSwitch");

  private static final Set<String> CONFIG_FILE = Set.of("path", "source");
  private static final Set<String> PROGRAMS = Set.of("gunicorn", "celery", "command");
  private static final Set<String> SERVICE =
      Set.of("gunicorn", "celery", "command", "env", "stopTimeout", "roles");
  private static final Set<String> GUNICORN = Set.of("app", "bind", "workers", "args");
  private static final Set<String> CELERY = Set.of("app", "args");
  private static final Pattern BIND =
      Pattern.compile(
          "(?:\\[([0-9A-Fa-f:.]+)\\]|([A-Za-z0-9.-]+)):([0-9]{1,5}|\\$\\{[A-Za-z_][A-Za-z0-9_]*\\})");

  private RuntimeReader() {}

  static RuntimeSpec read(MapReader spec) {
    return new RuntimeSpec(
        env(spec, "env"),
        spec.strings("envFiles", PathRules::relative),
        configFiles(spec),
        services(spec),
        spec.string("supervisor", Supervisor.AUTO, RuntimeReader::supervisor),
        spec.strings("beforeSwitch", EnvRules::command));
  }

  /** An env mapping: names {@code [A-Za-z_][A-Za-z0-9_]*}, values with no control character. */
  static Map<String, String> env(MapReader reader, String key) {
    return NamedFields.texts(reader, key, EnvRules::envKey, EnvRules::shellText);
  }

  private static Supervisor supervisor(String text) {
    for (Supervisor supervisor : Supervisor.values()) {
      if (supervisor.wire().equals(text)) {
        return supervisor;
      }
    }
    throw new InvalidValueException(
        "must be supervisord, systemd or auto, not " + Messages.quote(text));
  }

  private static List<ConfigFileSpec> configFiles(MapReader spec) {
    List<ConfigFileSpec> files = new ArrayList<>();
    Map<String, String> seen = new java.util.HashMap<>();
    for (Field item : spec.items("configFiles", false)) {
      spec.asMapping(item)
          .ifPresent(
              file -> {
                file.allowOnly(CONFIG_FILE);
                String path = file.requiredString("path", PathRules::relative);
                SecretSource source = SecretSources.read(file, "source", null);
                if (!file.has("source")) {
                  file.requiredMapping("source");
                }
                if (path != null) {
                  String first = seen.putIfAbsent(path, item.path());
                  if (first != null) {
                    spec.problemAt(
                        file.valueAt("path"),
                        file.pathOf("path"),
                        "duplicate path: also written by " + first);
                  }
                }
                if (path != null && source != null) {
                  files.add(new ConfigFileSpec(path, source));
                }
              });
    }
    return files;
  }

  private static List<ServiceSpec> services(MapReader spec) {
    List<ServiceSpec> services = new ArrayList<>();
    for (Field field : NamedFields.of(spec, "services")) {
      String name;
      try {
        name = EnvRules.name(field.key());
      } catch (InvalidValueException e) {
        spec.problemAt(field.keyAt(), field.path(), e.getMessage());
        continue;
      }
      spec.asMapping(field)
          .ifPresent(
              service -> {
                ServiceSpec read = service(name, service);
                if (read != null) {
                  services.add(read);
                }
              });
    }
    return services;
  }

  private static ServiceSpec service(String name, MapReader service) {
    service.allowOnly(SERVICE);
    List<String> programs = PROGRAMS.stream().filter(service::has).sorted().toList();
    if (programs.size() != 1) {
      service.report(
          programs.isEmpty()
              ? "must set one of gunicorn, celery or command"
              : "must set exactly one of gunicorn, celery or command, not "
                  + String.join(" and ", programs));
      return null;
    }
    ServiceSpec.Program program =
        switch (programs.get(0)) {
          case "gunicorn" -> service.mapping("gunicorn").map(RuntimeReader::gunicorn).orElse(null);
          case "celery" -> service.mapping("celery").map(RuntimeReader::celery).orElse(null);
          default -> {
            String command = service.requiredString("command", EnvRules::command);
            yield command == null ? null : new ServiceSpec.Command(command);
          }
        };
    Map<String, String> env = env(service, "env");
    Duration stopTimeout = service.duration("stopTimeout", ServiceSpec.DEFAULT_STOP_TIMEOUT);
    List<String> roles = service.strings("roles", EnvRules::name);
    if (program == null || stopTimeout == null) {
      return null;
    }
    return new ServiceSpec(name, program, env, stopTimeout, roles);
  }

  private static ServiceSpec.Program gunicorn(MapReader gunicorn) {
    gunicorn.allowOnly(GUNICORN);
    String app = gunicorn.requiredString("app", RuntimeReader::app);
    Matcher bind = gunicorn.requiredString("bind", RuntimeReader::bind);
    int workers = gunicorn.integer("workers", ServiceSpec.Gunicorn.DEFAULT_WORKERS, 1);
    List<String> args = gunicorn.strings("args", EnvRules::shellText);
    if (app == null || bind == null) {
      return null;
    }
    String host = bind.group(1) != null ? bind.group(1) : bind.group(2);
    String port = bind.group(3);
    if (port.startsWith("$")) {
      return new ServiceSpec.Gunicorn(app, host, 0, port.replaceAll("[${}]", ""), workers, args);
    }
    return new ServiceSpec.Gunicorn(app, host, Integer.parseInt(port), workers, args);
  }

  private static ServiceSpec.Program celery(MapReader celery) {
    celery.allowOnly(CELERY);
    String app = celery.requiredString("app", RuntimeReader::app);
    List<String> args =
        celery.has("args")
            ? celery.strings("args", EnvRules::shellText)
            : ServiceSpec.Celery.DEFAULT_ARGS;
    return app == null ? null : new ServiceSpec.Celery(app, args);
  }

  /** A Python app reference: {@code module.path[:attribute]}, nothing a shell would read. */
  private static String app(String text) {
    if (!text.matches("[A-Za-z_][A-Za-z0-9_.]*(:[A-Za-z_][A-Za-z0-9_.()]*)?")) {
      throw new InvalidValueException(
          "must be a Python module, optionally with :attribute (like project.wsgi:application), not "
              + Messages.quote(text));
    }
    return text;
  }

  private static Matcher bind(String text) {
    Matcher bind = BIND.matcher(text);
    if (!bind.matches()) {
      throw new InvalidValueException(
          "must be HOST:PORT (like 127.0.0.1:8000, [::1]:8000 or 127.0.0.1:${PORT}, the port"
              + " from env), not "
              + Messages.quote(text));
    }
    if (bind.group(3).startsWith("$")) {
      return bind;
    }
    int port = Integer.parseInt(bind.group(3));
    if (port < 1 || port > 65535) {
      throw new InvalidValueException("port must be from 1 to 65535, not " + port);
    }
    return bind;
  }
}
