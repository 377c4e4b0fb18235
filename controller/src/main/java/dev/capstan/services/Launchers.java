package dev.capstan.services;

import dev.capstan.host.Shell;
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
 * quoted for {@code /bin/sh}.
 */
final class Launchers {

  /**
   * Exports each {@code KEY=VALUE} line of a file: blank lines and {@code #} comments skipped, an
   * {@code export } prefix allowed, one pair of matching quotes around the value removed, nothing
   * else interpreted (no {@code $} expansion, no escapes). A missing file stops the start: a
   * service must never run without the settings it was given.
   */
  static final String ENV_FILE_READER =
      """
      capstan_env_file() {
        [ -r "$1" ] || { echo "capstan: env file $1 is missing or unreadable" >&2; return 1; }
        while IFS= read -r capstan_line || [ -n "$capstan_line" ]; do
          capstan_line=${capstan_line#"${capstan_line%%[![:space:]]*}"}
          case $capstan_line in ''|'#'*) continue ;; esac
          capstan_line=${capstan_line#export }
          capstan_key=${capstan_line%%=*}
          case $capstan_key in ''|[0-9]*|*[!A-Za-z0-9_]*)
            echo "capstan: $1: not KEY=VALUE: $capstan_key" >&2; return 1 ;; esac
          [ "$capstan_key" = "$capstan_line" ] && { echo "capstan: $1: no = after $capstan_key" >&2; return 1; }
          capstan_value=${capstan_line#*=}
          case $capstan_value in
            \\"*\\") capstan_value=${capstan_value#\\"}; capstan_value=${capstan_value%\\"} ;;
            \\'*\\') capstan_value=${capstan_value#\\'}; capstan_value=${capstan_value%\\'} ;;
          esac
          export "$capstan_key=$capstan_value"
        done <"$1"
      }
      """;

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
    if (!run.envFiles().isEmpty()) {
      text.append(ENV_FILE_READER);
      run.envFiles()
          .forEach(
              f -> text.append("capstan_env_file ").append(Shell.quote(f)).append(" || exit 1\n"));
    }
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
