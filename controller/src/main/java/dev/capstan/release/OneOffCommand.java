package dev.capstan.release;

import dev.capstan.host.Shell;
import dev.capstan.remote.RemoteScript;
import java.util.List;
import java.util.Map;

/**
 * The script of {@code capstan exec}: a one-off command run in the live release with what every
 * step gets (the app's env files and env, the host's env, {@code CAPSTAN_*}) and the release's
 * virtualenv first on {@code PATH}. Not a protocol script: its output and exit status are the
 * command's own, passed through. Pure.
 */
public final class OneOffCommand {

  /** The exit status when the live release cannot be entered or its env files not read. */
  public static final int CANNOT_ENTER = 125;

  private OneOffCommand() {}

  /**
   * @param services the host's env and env files; null when the Application has none
   * @param argv the command and its arguments, each quoted: nothing of it is parsed by a shell
   */
  public static String script(
      ReleaseLayout layout,
      HostServices services,
      String environment,
      String host,
      List<String> argv) {
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("no command to run");
    }
    String current = layout.deployPath() + "/current";
    StringBuilder text = new StringBuilder(RemoteScript.ENV_FUNCTIONS);
    text.append("cd ")
        .append(Shell.quote(current))
        .append(" 2>/dev/null || { echo \"capstan: no live release in ")
        .append(layout.deployPath())
        .append("\" >&2; exit ")
        .append(CANNOT_ENTER)
        .append("; }\n");
    if (services != null) {
      for (String file : services.stepEnvFiles()) {
        text.append("capstan_env_file ")
            .append(Shell.quote(file))
            .append(" || exit ")
            .append(CANNOT_ENTER)
            .append('\n');
      }
      for (Map.Entry<String, String> e : services.stepEnv().entrySet()) {
        export(text, e.getKey(), Shell.quote(e.getValue()));
      }
    }
    export(text, "CAPSTAN_ENVIRONMENT", Shell.quote(environment));
    export(text, "CAPSTAN_HOST", Shell.quote(host));
    export(text, "CAPSTAN_DEPLOY_PATH", Shell.quote(layout.deployPath()));
    export(text, "CAPSTAN_RELEASE_DIR", "\"$(pwd -P)\"");
    export(text, "CAPSTAN_COMMIT", "\"$(cat REVISION 2>/dev/null)\"");
    text.append("[ -d venv/bin ] && PATH=\"$CAPSTAN_RELEASE_DIR/venv/bin:$PATH\"\n");
    text.append("export PATH\nexec");
    argv.forEach(arg -> text.append(' ').append(Shell.quote(arg)));
    return text.append('\n').toString();
  }

  private static void export(StringBuilder text, String name, String quotedValue) {
    text.append("export ").append(name).append('=').append(quotedValue).append('\n');
  }
}
