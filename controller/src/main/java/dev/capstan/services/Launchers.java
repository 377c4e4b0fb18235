package dev.capstan.services;

import dev.capstan.host.Shell;
import dev.capstan.remote.RemoteScript;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The script a supervisor starts for a service: it enters the release folder, exports the service's
 * whole environment and executes the program in its place (same pid, so the supervisor signals the
 * program itself).
 *
 * <p>The release and the environment live here, not in the supervisor's own configuration: a switch
 * rewrites this file and restarts the processes, and the supervisor's configuration stays the same,
 * so supervisord never re-creates the program group and with it the gunicorn socket. Every value is
 * quoted for {@code /bin/sh}. Besides {@code CAPSTAN_RELEASE}, every process carries {@code
 * CAPSTAN_SERVICE_DIGEST} (its definition, {@link ServiceRun#definitionDigest}) and {@code
 * CAPSTAN_FILES_DIGEST} (the env and config files it started with): what conformance compares.
 */
final class Launchers {

  private Launchers() {}

  /**
   * @param bind the gunicorn {@code --bind} value for the held socket ({@code fd://0} under
   *     supervisord, {@code fd://3} under systemd), ignored for other services
   */
  static String launcher(ServiceRun run, String bind) {
    StringBuilder text = new StringBuilder();
    text.append("#!/bin/sh\n")
        // Values are quoted so that nothing in them expands: what shellcheck asks about.
        .append("# shellcheck disable=SC2016\n")
        .append("# Written by Capstan: service ")
        .append(run.name())
        .append(" of release ")
        .append(run.release())
        .append(". Rewritten at every switch; do not edit.\n")
        .append("cd ")
        .append(Shell.quote(run.releaseDir()))
        .append(" || exit 1\n");
    text.append(RemoteScript.ENV_FUNCTIONS);
    // Which content of the env and config files this process started with: observation compares
    // it with the files' content now, so a changed file makes the service Stale.
    text.append("CAPSTAN_FILES_DIGEST=$(capstan_files_digest");
    run.watchedFiles().forEach(f -> text.append(' ').append(Shell.quote(f)));
    text.append(")\nexport CAPSTAN_FILES_DIGEST\n");
    run.envFiles()
        .forEach(
            f -> text.append("capstan_env_file ").append(Shell.quote(f)).append(" || exit 1\n"));
    for (Map.Entry<String, String> e : run.env().entrySet()) {
      text.append("export ")
          .append(e.getKey())
          .append('=')
          .append(Shell.quote(e.getValue()))
          .append('\n');
    }
    List<String> argv = new ArrayList<>(run.argv());
    if (run.gunicorn() != null) {
      argv.add(argv.size() - 1, "--bind");
      argv.add(argv.size() - 1, bind);
    }
    text.append("exec");
    argv.forEach(arg -> text.append(' ').append(Shell.quote(arg)));
    return text.append('\n').toString();
  }
}
