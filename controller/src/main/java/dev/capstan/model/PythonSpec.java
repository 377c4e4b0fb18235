package dev.capstan.model;

/**
 * How each release's virtualenv is made.
 *
 * @param interpreter the Python that creates the virtualenv, a name on PATH or an absolute path
 * @param requirements requirements file relative to the release; empty for none
 * @param systemSitePackages whether the virtualenv sees the interpreter's site-packages
 */
public record PythonSpec(String interpreter, String requirements, boolean systemSitePackages) {

  public static final String DEFAULT_INTERPRETER = "python3";
  public static final String DEFAULT_REQUIREMENTS = "requirements.txt";
}
