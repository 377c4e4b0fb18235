package dev.capstan.services;

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
      runs.add(
          new ServiceRun(
              service, release, releaseDir, env, argv(service.program(), python), envFiles));
    }
    return new ServicePlan(deployPath, release, python, runs);
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
