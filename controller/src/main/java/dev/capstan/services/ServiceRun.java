package dev.capstan.services;

import dev.capstan.model.ServiceSpec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One service as it runs on one host from one release: the folder it starts in, its whole
 * environment and its command line. Supervisor-neutral.
 *
 * @param releaseDir the release folder itself, never {@code current}: gunicorn resolves its working
 *     directory once (gunicorn #394), so a process started through the link would keep serving the
 *     release the link pointed at then
 * @param env {@code CAPSTAN_RELEASE} first, then the Application's env, the host's, the service's
 * @param argv the program and its arguments; for gunicorn, without its {@code --bind}
 * @param envFiles absolute paths of the Application's {@code envFiles} (under {@code shared/}),
 *     read at each start before {@code env} is exported: a value of the spec wins over a file's
 * @param watchedFiles absolute paths of the env files and config files: a process started before
 *     one of them changed is Stale
 * @param definitionDigest a digest of everything the service is started with but the release and
 *     the files (program, arguments, env, stop timeout): a process of another definition is Stale
 */
public record ServiceRun(
    ServiceSpec spec,
    String release,
    String releaseDir,
    Map<String, String> env,
    List<String> argv,
    List<String> envFiles,
    List<String> watchedFiles,
    String definitionDigest) {

  public ServiceRun {
    env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
    argv = List.copyOf(argv);
    envFiles = List.copyOf(envFiles);
    watchedFiles = List.copyOf(watchedFiles);
  }

  public String name() {
    return spec.name();
  }

  /** The gunicorn preset, when the service is one: it gets a held listening socket. */
  public ServiceSpec.Gunicorn gunicorn() {
    return spec.program() instanceof ServiceSpec.Gunicorn g ? g : null;
  }
}
