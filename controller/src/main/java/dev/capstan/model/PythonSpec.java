package dev.capstan.model;

/**
 * How each release's virtualenv is made.
 *
 * @param interpreter the Python that creates the virtualenv, a name on PATH or an absolute path
 * @param requirements requirements file relative to the release; empty for none
 * @param systemSitePackages whether the virtualenv sees the interpreter's site-packages
 * @param shareVirtualenvs whether releases with the same interpreter and requirements share one
 *     virtualenv under {@code <deployPath>/venvs/<key>/} (the default) instead of each building its
 *     own inside the release
 */
public record PythonSpec(
    String interpreter, String requirements, boolean systemSitePackages, boolean shareVirtualenvs) {

  public static final String DEFAULT_INTERPRETER = "python3";
  public static final String DEFAULT_REQUIREMENTS = "requirements.txt";
}
