package dev.capstan.release;

import dev.capstan.host.Shell;
import dev.capstan.model.PythonSpec;
import dev.capstan.remote.Protocol;
import dev.capstan.remote.Protocol.Marker;
import dev.capstan.remote.RemoteScript;
import dev.capstan.remote.ScriptOutput;
import java.util.List;

/**
 * A release's virtualenv, content-addressed: releases whose interpreter and requirements are the
 * same share one, built once per host at {@code <deployPath>/venvs/<key>/} and linked from each
 * release as {@code venv}. A code-only release then costs no venv creation and no pip run.
 *
 * <p>The key is computed on the host, by the interpreter itself ({@code venv_key.py}), in the same
 * round trip as the build: the interpreter's resolved path and version, the contents of the
 * requirements file and every file it includes ({@code -r}, {@code -c}), {@code systemSitePackages}
 * and pip's options. A virtualenv is built at its final path (virtualenvs hard-code their location
 * and cannot be moved) and counts only once {@value #COMPLETE_MARK} exists in it; one without the
 * mark was abandoned half-built and is removed and built again.
 *
 * <p>Requirements that point into the release tree ({@code -e .}, {@code ./pkg}, {@code file:})
 * would tie a shared virtualenv to one release, so such a release gets a private one, as does every
 * release of an Application with {@code shareVirtualenvs: false}. The shell is in {@code
 * virtualenv.sh}.
 */
public final class Virtualenvs {

  /** Folder of shared virtualenvs, relative to the deploy path. */
  public static final String DIR = Protocol.VENV_DIR;

  /** Written into a shared virtualenv once its requirements are installed. */
  public static final String COMPLETE_MARK = Protocol.VENV_COMPLETE_MARK;

  /** pip's options as they enter the key: changing this text changes every key. */
  private static final String PIP_INSTALL =
      "-m pip install --disable-pip-version-check --no-input -r ";

  private Virtualenvs() {}

  /**
   * The build steps that give a release its {@code venv}: one step when shared (key, reuse or
   * build, link), two when private (create, install).
   */
  static List<Step> steps(PythonSpec python) {
    String site = python.systemSitePackages() ? "1" : "0";
    if (!python.shareVirtualenvs()) {
      Step create =
          Step.builtin(
              "virtualenv", List.of("capstan_virtualenv_private", python.interpreter(), site));
      return python.requirements().isEmpty()
          ? List.of(create)
          : List.of(
              create,
              Step.builtin(
                  "requirements",
                  List.of("capstan_virtualenv_install", "venv", python.requirements())));
    }
    return List.of(
        Step.builtin(
            "virtualenv",
            List.of(
                "capstan_virtualenv_shared",
                python.interpreter(),
                site,
                python.requirements(),
                keyOptions(python))));
  }

  /**
   * Prints the release's virtualenv key, run in the release folder: 20 hex digits, or {@code
   * private} when the requirements point into the release.
   */
  static String keyCommand(PythonSpec python) {
    return Shell.quote(python.interpreter())
        + " -c "
        + Shell.quote(RemoteScript.VENV_KEY_PROGRAM)
        + " "
        + Shell.quote(python.requirements())
        + " "
        + Shell.quote(keyOptions(python));
  }

  /** What else than the requirements shapes the virtualenv, as the key covers it. */
  private static String keyOptions(PythonSpec python) {
    String venvFlags = python.systemSitePackages() ? "--system-site-packages" : "";
    String install = python.requirements().isEmpty() ? "" : PIP_INSTALL + python.requirements();
    return venvFlags + " " + install;
  }

  /** What a build said of its virtualenv: {@code reused <key>}, {@code built <key>}, or null. */
  public static String outcome(ScriptOutput build) {
    return build.last(Marker.VIRTUALENV).orElse(null);
  }
}
