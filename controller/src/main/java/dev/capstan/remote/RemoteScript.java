package dev.capstan.remote;

import dev.capstan.host.ExecResult;
import dev.capstan.host.HostException;
import dev.capstan.host.RemoteHost;
import dev.capstan.host.Shell;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The one builder of the scripts Capstan runs on a host: the shell functions of {@code
 * dev/capstan/remote/*.sh}, then calls of them whose every argument is quoted, then {@link #parse}
 * to read what came back. Each script has its own random tag, which its records carry and {@link
 * ScriptOutput} requires (see {@code protocol.sh} for how records and the steps' output travel).
 */
public final class RemoteScript {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern FUNCTION = Pattern.compile("capstan_[a-z_]+");
  private static final List<String> LIBRARY =
      List.of(
          "protocol.sh",
          "env.sh",
          "observe.sh",
          "lock.sh",
          "release.sh",
          "rollback.sh",
          "virtualenv.sh",
          "health.sh");
  private static final String FUNCTIONS = functions(LIBRARY);

  /**
   * The supervisor driver's functions, sent only with a script that calls one of them (a name
   * starting {@value #SERVICE_PREFIX}): no deploy command pays for them.
   */
  private static final String SERVICE_FUNCTIONS = functions(List.of("services.sh"));

  private static final String SERVICE_PREFIX = "capstan_svc_";

  /**
   * The Django preset's migration functions ({@code django.sh}) and the program they run, sent only
   * with a script that calls one of them (a name starting {@value #DJANGO_PREFIX}).
   */
  private static final String DJANGO_FUNCTIONS = functions(List.of("django.sh"));

  private static final String DJANGO_PREFIX = "capstan_django_";

  /**
   * The backup functions ({@code backup.sh}), sent only with a script that calls one of them (a
   * name starting {@value #BACKUP_PREFIX}).
   */
  private static final String BACKUP_FUNCTIONS = functions(List.of("backup.sh"));

  private static final String BACKUP_PREFIX = "capstan_backup_";

  /**
   * The Python package functions ({@code packages.sh}) and the program they run, sent only with a
   * script that calls one of them (a name starting {@value #PACKAGES_PREFIX}).
   */
  private static final String PACKAGES_FUNCTIONS = functions(List.of("packages.sh"));

  private static final String PACKAGES_PREFIX = "capstan_packages_";

  /**
   * The scratch release functions of {@code capstan upgrade} ({@code upgrade.sh}), sent only with a
   * script that calls one of them (a name starting {@value #UPGRADE_PREFIX}).
   */
  private static final String UPGRADE_FUNCTIONS = functions(List.of("upgrade.sh"));

  private static final String UPGRADE_PREFIX = "capstan_upgrade_";

  private static final String VIRTUALENV_PREFIX = "capstan_virtualenv_";

  /** Where a release's packages are recorded, relative to its folder. */
  public static final String PACKAGES_FILE = ".capstan/packages.json";

  /** The program of {@code packages.sh}: a virtualenv's inventory, or a package index's offer. */
  public static final String PACKAGES_PROGRAM = resource("packages.py");

  /** The program of {@code django.sh}: a release's migrations, run by {@code manage.py shell}. */
  public static final String DJANGO_MIGRATIONS_PROGRAM = resource("django_migrations.py");

  /**
   * The app's environment functions ({@code env.sh}) as they are sent: copied into each service's
   * launcher too, so a service reads its env files exactly as the steps do.
   */
  public static final String ENV_FUNCTIONS = functions(List.of("env.sh"));

  /** The program that computes a release's virtualenv key, run by its interpreter. */
  public static final String VENV_KEY_PROGRAM = resource("venv_key.py");

  /**
   * The program that seeds a venv made without pip with pip's wheel, run by the venv's python; sent
   * only with a script that calls a virtualenv function (a name starting {@value
   * #VIRTUALENV_PREFIX}).
   */
  public static final String VENV_SEED_PROGRAM = resource("venv_seed.py");

  private final String tag;
  private final List<String> calls = new ArrayList<>();
  private final List<String> called = new ArrayList<>();
  private final List<ScriptOutput.StepInfo> steps = new ArrayList<>();
  private boolean verbose;

  private RemoteScript(String tag) {
    this.tag = tag;
  }

  /** A script with a fresh tag: 16 hex digits from a secure random source. */
  public static RemoteScript create() {
    byte[] bytes = new byte[8];
    RANDOM.nextBytes(bytes);
    return new RemoteScript(HexFormat.of().formatHex(bytes));
  }

  public String tag() {
    return tag;
  }

  /** Whether every step's output tails come back, not only a failing one's. */
  public RemoteScript verbose(boolean verbose) {
    this.verbose = verbose;
    return this;
  }

  /** Calls {@code function} in the script's own shell (so it may stop the script). */
  public RemoteScript call(String function, String... args) {
    return call(function, List.of(args));
  }

  public RemoteScript call(String function, List<String> args) {
    calls.add(line(function, args));
    called.add(function);
    return this;
  }

  /** Adds a fragment's calls, in order. */
  public RemoteScript append(Fragment fragment) {
    fragment.calls().forEach(call -> call(call.get(0), call.subList(1, call.size())));
    return this;
  }

  /**
   * A step: a recipe command run in its own {@code /bin/sh} with its output kept apart. The script
   * stops when it fails.
   */
  public RemoteScript step(String name, String command) {
    return call("capstan_step", String.valueOf(addStep(name, command)), command);
  }

  /**
   * A step that is one of the scripts' own functions, {@code call} being the function and its
   * arguments; {@code command} is what errors show of it.
   */
  public RemoteScript builtin(String name, String command, List<String> call) {
    List<String> args = new ArrayList<>();
    args.add(String.valueOf(addStep(name, command)));
    args.add(function(call.get(0)));
    called.add(call.get(0));
    args.addAll(call.subList(1, call.size()));
    return call("capstan_builtin", args);
  }

  /**
   * The step {@code enter release}: enters {@code dir} and exports the variables every recipe
   * command is promised; {@code releaseDir} null takes the folder entered, resolved.
   */
  public RemoteScript enter(
      String dir,
      String environment,
      String host,
      String deployPath,
      String pipCache,
      String releaseDir) {
    int index = addStep("enter release", "cd " + dir);
    return call(
        "capstan_enter",
        String.valueOf(index),
        dir,
        environment,
        host,
        deployPath,
        pipCache,
        releaseDir == null ? "" : releaseDir);
  }

  /**
   * The step {@code environment}: exports, for the steps after it, each of {@code envFiles}
   * (absolute paths, read as KEY=VALUE lines) and then each of {@code env}, which wins.
   */
  public RemoteScript environment(List<String> envFiles, Map<String, String> env) {
    if (envFiles.isEmpty() && env.isEmpty()) {
      return this;
    }
    int index = addStep("environment", "load " + String.join(", ", envFiles) + " and env");
    List<String> args = new ArrayList<>(List.of(String.valueOf(index), "files"));
    args.addAll(envFiles);
    args.add("env");
    env.forEach(
        (name, value) -> {
          args.add(name);
          args.add(value);
        });
    return call("capstan_environment", args);
  }

  /** The whole script: exit codes, the functions, then the calls. */
  public String text() {
    StringBuilder text = new StringBuilder();
    for (Protocol.Exit exit : Protocol.Exit.values()) {
      text.append(exit.variable()).append('=').append(exit.code()).append('\n');
    }
    text.append("VENV_DIR=")
        .append(Shell.quote(Protocol.VENV_DIR))
        .append('\n')
        .append("VENV_COMPLETE_MARK=")
        .append(Shell.quote(Protocol.VENV_COMPLETE_MARK))
        .append('\n')
        .append("VENV_KEY_PROGRAM=")
        .append(Shell.quote(VENV_KEY_PROGRAM))
        .append('\n')
        .append(
            calls(VIRTUALENV_PREFIX)
                ? "VENV_SEED_PROGRAM=" + Shell.quote(VENV_SEED_PROGRAM) + "\n"
                : "")
        .append(FUNCTIONS)
        .append(calls(SERVICE_PREFIX) ? SERVICE_FUNCTIONS : "")
        .append(calls(DJANGO_PREFIX) ? djangoFunctions() : "")
        .append(calls(BACKUP_PREFIX) ? BACKUP_FUNCTIONS : "")
        .append(calls(PACKAGES_PREFIX) ? packagesFunctions() : "")
        .append(calls(UPGRADE_PREFIX) ? UPGRADE_FUNCTIONS : "")
        .append(
            line(
                "capstan_init",
                List.of(
                    tag,
                    verbose ? "1" : "0",
                    String.valueOf(Protocol.TAIL_LINES),
                    Protocol.DATA_PREFIX)))
        .append('\n');
    calls.forEach(call -> text.append(call).append('\n'));
    return text.toString();
  }

  /** Runs the script and reads what it printed. */
  public ScriptOutput run(RemoteHost host, InputStream stdin, Duration timeout)
      throws HostException {
    return parse(host.exec(text(), stdin, timeout));
  }

  public ScriptOutput run(RemoteHost host, Duration timeout) throws HostException {
    return run(host, null, timeout);
  }

  /** What a finished run of this script reported: only records with its tag count. */
  public ScriptOutput parse(ExecResult result) {
    return ScriptOutput.parse(tag, result, steps);
  }

  private int addStep(String name, String command) {
    steps.add(new ScriptOutput.StepInfo(steps.size(), name, command));
    return steps.size() - 1;
  }

  private static String line(String function, List<String> args) {
    StringBuilder line = new StringBuilder(function(function));
    args.forEach(arg -> line.append(' ').append(Shell.quote(arg)));
    return line.toString();
  }

  private static String function(String name) {
    if (!FUNCTION.matcher(name).matches()) {
      throw new IllegalArgumentException("not a function of the remote scripts: " + name);
    }
    return name;
  }

  /** Whether the script calls a function whose name starts {@code prefix}, itself or as a step. */
  private boolean calls(String prefix) {
    return called.stream().anyMatch(function -> function.startsWith(prefix));
  }

  private static String djangoFunctions() {
    return "DJANGO_MIGRATIONS_PROGRAM="
        + Shell.quote(DJANGO_MIGRATIONS_PROGRAM)
        + "\n"
        + DJANGO_FUNCTIONS;
  }

  private static String packagesFunctions() {
    return "PACKAGES_PROGRAM="
        + Shell.quote(PACKAGES_PROGRAM)
        + "\nPACKAGES_FILE="
        + Shell.quote(PACKAGES_FILE)
        + "\n"
        + PACKAGES_FUNCTIONS;
  }

  /** The library files without their comment lines: they would only lengthen every command. */
  private static String functions(List<String> files) {
    StringBuilder text = new StringBuilder();
    for (String file : files) {
      resource(file)
          .lines()
          .filter(l -> !l.isBlank() && !l.stripLeading().startsWith("#"))
          .forEach(l -> text.append(l).append('\n'));
    }
    return text.toString();
  }

  static String resource(String name) {
    try (InputStream in = RemoteScript.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing from the classpath: dev/capstan/remote/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Calls to add to another script (a lock taken in the same command, say), each the name of a
   * function and its arguments.
   */
  public record Fragment(List<List<String>> calls) {

    public Fragment {
      calls = calls.stream().map(List::copyOf).toList();
    }

    public static Fragment of(String function, String... args) {
      return new Fragment(List.of()).then(function, args);
    }

    /** This fragment, then one more call. */
    public Fragment then(String function, String... args) {
      List<List<String>> all = new ArrayList<>(calls);
      List<String> call = new ArrayList<>();
      call.add(function(function));
      call.addAll(List.of(args));
      all.add(call);
      return new Fragment(all);
    }

    /** This fragment, then another's calls. */
    public Fragment then(Fragment next) {
      List<List<String>> all = new ArrayList<>(calls);
      all.addAll(next.calls);
      return new Fragment(all);
    }
  }
}
