package dev.capstan.services;

import dev.capstan.model.Digests;
import dev.capstan.model.HostSpec;
import dev.capstan.model.RuntimeSpec;
import dev.capstan.model.ServiceSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The services one host runs from one release: pure, no I/O. The supervisors' files ({@link
 * SupervisordFiles}, {@link SystemdUnits}) are written from it.
 *
 * @param deployPath absolute, as the model checked it
 * @param python how the release's Python is started: relative to the release folder (like {@code
 *     venv/bin/python}) or absolute
 */
public record ServicePlan(String deployPath, String release, String python, List<ServiceRun> runs) {

  /** The variable every process of a service carries: the release it runs. */
  public static final String RELEASE_VARIABLE = "CAPSTAN_RELEASE";

  /** The variable that carries the service's definition digest. */
  public static final String DIGEST_VARIABLE = "CAPSTAN_SERVICE_DIGEST";

  /** What reaches the supervisors' files unquoted: checked again here, not trusted. */
  private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9._/-]*[A-Za-z0-9._-]");

  private static final Pattern RELEASE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  public ServicePlan {
    runs = List.copyOf(runs);
  }

  /**
   * The services of {@code runtime} that run on {@code host}, each from release {@code release}.
   */
  public static ServicePlan of(
      RuntimeSpec runtime, HostSpec host, String deployPath, String release, String python) {
    if (!PATH.matcher(deployPath).matches() || deployPath.contains("//")) {
      throw new IllegalArgumentException("not a deploy path: " + deployPath);
    }
    if (!RELEASE.matcher(release).matches()) {
      throw new IllegalArgumentException("not a release name: " + release);
    }
    String releaseDir = deployPath + "/releases/" + release;
    List<String> envFiles =
        runtime.envFiles().stream().map(f -> deployPath + "/shared/" + f).toList();
    List<String> watched = watchedFiles(runtime, deployPath);
    List<ServiceRun> runs = new ArrayList<>();
    for (ServiceSpec service : runtime.services()) {
      if (!service.runsOn(host.roles())) {
        continue;
      }
      Map<String, String> env = new LinkedHashMap<>();
      env.put(RELEASE_VARIABLE, release);
      env.putAll(runtime.env());
      env.putAll(host.env());
      env.putAll(service.env());
      env.put(RELEASE_VARIABLE, release); // no env of the spec can hide which release runs
      service = resolved(service, env);
      List<String> argv = argv(service.program(), python);
      String digest = definitionDigest(service, env, argv, envFiles);
      env.put(DIGEST_VARIABLE, digest);
      runs.add(new ServiceRun(service, release, releaseDir, env, argv, envFiles, watched, digest));
    }
    return new ServicePlan(deployPath, release, python, runs);
  }

  /** The service with a gunicorn port that {@code env} gives ({@code HOST:${PORT}}) resolved. */
  private static ServiceSpec resolved(ServiceSpec service, Map<String, String> env) {
    if (!(service.program() instanceof ServiceSpec.Gunicorn g) || g.portVariable() == null) {
      return service;
    }
    try {
      return new ServiceSpec(
          service.name(), g.resolved(env), service.env(), service.stopTimeout(), service.roles());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("service " + service.name() + ": " + e.getMessage());
    }
  }

  /** The env and config files under {@code shared/}, sorted, each once. */
  public static List<String> watchedFiles(RuntimeSpec runtime, String deployPath) {
    java.util.TreeSet<String> files = new java.util.TreeSet<>(runtime.envFiles());
    runtime.configFiles().forEach(f -> files.add(f.path()));
    return files.stream().map(f -> deployPath + "/shared/" + f).toList();
  }

  private static String definitionDigest(
      ServiceSpec service, Map<String, String> env, List<String> argv, List<String> envFiles) {
    StringBuilder canonical = new StringBuilder("v1\n");
    argv.forEach(a -> canonical.append("arg=").append(a).append('\n'));
    env.forEach(
        (k, v) -> {
          if (!k.equals(RELEASE_VARIABLE)) {
            canonical.append("env=").append(k).append('=').append(v).append('\n');
          }
        });
    envFiles.forEach(f -> canonical.append("envFile=").append(f).append('\n'));
    canonical.append("stop=").append(service.stopTimeout().toMillis()).append('\n');
    if (service.program() instanceof ServiceSpec.Gunicorn g) {
      canonical.append("bind=").append(g.bind()).append('\n');
    }
    return Digests.sha256Hex(canonical.toString(), 6);
  }

  private static List<String> argv(ServiceSpec.Program program, String python) {
    List<String> argv = new ArrayList<>();
    if (program instanceof ServiceSpec.Gunicorn g) {
      argv.addAll(List.of(python, "-m", "gunicorn", "--workers", String.valueOf(g.workers())));
      argv.addAll(g.args());
      argv.add(g.app());
    } else if (program instanceof ServiceSpec.Celery c) {
      argv.addAll(List.of(python, "-m", "celery", "-A", c.app()));
      argv.addAll(c.args());
    } else if (program instanceof ServiceSpec.Command c) {
      argv.addAll(List.of("/bin/sh", "-c", c.command()));
    }
    return argv;
  }
}
