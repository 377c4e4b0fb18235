package dev.capstan.release;

import dev.capstan.host.Shell;
import dev.capstan.model.PythonSpec;
import java.util.List;

/**
 * A release's virtualenv, content-addressed: releases whose interpreter and requirements are the
 * same share one, built once per host at {@code <deployPath>/venvs/<key>/} and linked from each
 * release as {@code venv}. A code-only release then costs no venv creation and no pip run.
 *
 * <p>The key is computed on the host, by the interpreter itself, in the same round trip as the
 * build: the interpreter's resolved path and version, the contents of the requirements file and
 * every file it includes ({@code -r}, {@code -c}), {@code systemSitePackages} and pip's options.
 * A virtualenv is built at its final path (virtualenvs hard-code their location and cannot be
 * moved) and counts only once {@value #COMPLETE_MARK} exists in it; one without the mark was
 * abandoned half-built and is removed and built again, never used.
 *
 * <p>Requirements that point into the release tree ({@code -e .}, {@code ./pkg}, {@code file:})
 * would tie a shared virtualenv to one release, so such a release gets a private one, as does
 * every release of an Application with {@code shareVirtualenvs: false}.
 */
public final class Virtualenvs {

  /** Folder of shared virtualenvs, relative to the deploy path. */
  public static final String DIR = "venvs";
  /** Written into a shared virtualenv once its requirements are installed. */
  public static final String COMPLETE_MARK = ".capstan-complete";

  private static final String PIP_INSTALL =
      "-m pip install --disable-pip-version-check --no-input -r ";

  /**
   * Prints the key (20 hex digits), or {@code private} when the requirements point into the
   * release. Arguments: the requirements file (may be empty), then what else shapes the venv.
   */
  private static final String KEY_PROGRAM = String.join(
      "\n",
      "import hashlib, os, re, sys",
      "req, options = sys.argv[1], sys.argv[2]",
      "h = hashlib.sha256()",
      "h.update('\\0'.join(['capstan-venv-1', os.path.realpath(sys.executable), sys.version,"
          + " options, '']).encode())",
      "local = re.compile(r'\\s*(-e\\b|--editable\\b|\\.{1,2}/|/|file:)')",
      "include = re.compile(r'\\s*(-r|--requirement|-c|--constraint)(\\s+|=)(\\S+)')",
      "seen = set()",
      "def add(path):",
      "    path = os.path.normpath(path)",
      "    if path in seen:",
      "        return",
      "    seen.add(path)",
      "    try:",
      "        data = open(path, 'rb').read()",
      "    except OSError as e:",
      "        sys.exit('requirements file %s: %s' % (path, e.strerror))",
      "    h.update(path.encode() + b'\\0' + data + b'\\0')",
      "    for line in data.decode('utf-8', 'replace').splitlines():",
      "        if local.match(line):",
      "            print('private')",
      "            sys.exit(0)",
      "        m = include.match(line)",
      "        if m:",
      "            add(os.path.join(os.path.dirname(path), m.group(3)))",
      "if req:",
      "    add(req)",
      "print(h.hexdigest()[:20])");

  private Virtualenvs() {}

  /**
   * The build steps that give a release its {@code venv}: one step when shared (key, reuse or
   * build, link), two when private (create, install).
   */
  static List<Step> steps(PythonSpec python) {
    String interpreter = Shell.quote(python.interpreter());
    String venvFlags = python.systemSitePackages() ? " --system-site-packages" : "";
    String install = python.requirements().isEmpty()
        ? ""
        : PIP_INSTALL + Shell.quote(python.requirements());
    if (!python.shareVirtualenvs()) {
      String create = "rm -rf venv && " + interpreter + " -m venv" + venvFlags + " venv";
      return install.isEmpty()
          ? List.of(new Step("virtualenv", create))
          : List.of(new Step("virtualenv", create), new Step("requirements", "venv/bin/python " + install));
    }
    return List.of(new Step("virtualenv", sharedScript(interpreter, venvFlags, install, python)));
  }

  private static String sharedScript(
      String interpreter, String venvFlags, String install, PythonSpec python) {
    String installLine = install.isEmpty() ? "" : "  \"$v/bin/python\" " + install + " >&2 || exit 1\n";
    return "key=$(" + keyCommand(python) + ") || exit 1\n"
        + "if [ \"$key\" = private ]; then\n"
        + "  echo 'requirements point into the release: a private virtualenv' >&2\n"
        + "  rm -rf venv && " + interpreter + " -m venv" + venvFlags + " venv || exit 1\n"
        + (install.isEmpty() ? "" : "  venv/bin/python " + install + " >&2 || exit 1\n")
        + "  exit 0\n"
        + "fi\n"
        + "case \"$key\" in ''|*[!0-9a-f]*) echo \"unexpected virtualenv key: $key\" >&2; exit 1;; esac\n"
        + "v=\"$CAPSTAN_DEPLOY_PATH/" + DIR + "/$key\"\n"
        + "if [ -f \"$v/" + COMPLETE_MARK + "\" ] && [ -x \"$v/bin/python\" ]; then\n"
        + "  echo \"capstan-virtualenv reused $key\"\n"
        + "else\n"
        + "  rm -rf \"$v\" && mkdir -p \"$CAPSTAN_DEPLOY_PATH/" + DIR + "\" || exit 1\n"
        + "  " + interpreter + " -m venv" + venvFlags + " \"$v\" || exit 1\n"
        + installLine
        + "  touch \"$v/" + COMPLETE_MARK + "\" || exit 1\n"
        + "  echo \"capstan-virtualenv built $key\"\n"
        + "fi\n"
        + "[ -L venv ] || rm -rf venv\n"
        + "ln -s \"../../" + DIR + "/$key\" venv.new.$$ && mv -Tf venv.new.$$ venv";
  }

  /**
   * Prints the release's virtualenv key, run in the release folder: 20 hex digits, or
   * {@code private} when the requirements point into the release.
   */
  static String keyCommand(PythonSpec python) {
    String venvFlags = python.systemSitePackages() ? "--system-site-packages" : "";
    String install = python.requirements().isEmpty() ? "" : PIP_INSTALL + python.requirements();
    return Shell.quote(python.interpreter()) + " -c " + Shell.quote(KEY_PROGRAM) + " "
        + Shell.quote(python.requirements()) + " " + Shell.quote(venvFlags + " " + install);
  }

  /** What a build's output says of its virtualenv: {@code reused <key>}, {@code built <key>}, or null. */
  public static String outcome(String stdout) {
    return stdout.lines()
        .filter(l -> l.startsWith("capstan-virtualenv "))
        .map(l -> l.substring("capstan-virtualenv ".length()))
        .reduce((first, last) -> last)
        .orElse(null);
  }

  /**
   * Observe lines, run in the deploy path inside the loop over releases ({@code $r}): a release
   * whose {@code venv} lost its interpreter, or whose shared venv lost its completion mark.
   */
  static String observeLines() {
    return String.join(
        "\n",
        "  if [ -L \"$r/venv\" ]; then",
        "    [ -f \"$r/venv/" + COMPLETE_MARK + "\" ] && [ -x \"$r/venv/bin/python\" ]"
            + " || printf 'venv-broken %s\\n' \"${r#releases/}\"",
        "  elif [ -d \"$r/venv\" ]; then",
        "    [ -x \"$r/venv/bin/python\" ] || printf 'venv-broken %s\\n' \"${r#releases/}\"",
        "  fi");
  }

  /**
   * Removes the shared virtualenvs that no remaining release links to; run in the deploy path
   * after releases were pruned, under the host's lock.
   */
  static String pruneScript() {
    return String.join(
        "\n",
        "if [ -d " + DIR + " ]; then",
        "  linked=' '",
        "  for l in releases/*/venv; do",
        "    [ -L \"$l\" ] && linked=\"$linked$(basename \"$(readlink \"$l\")\") \"",
        "  done",
        "  for v in " + DIR + "/*; do",
        "    [ -d \"$v\" ] || continue",
        "    case \"$linked\" in *\" ${v#" + DIR + "/} \"*) ;; *) rm -rf -- \"$v\";; esac",
        "  done",
        "fi");
  }
}
