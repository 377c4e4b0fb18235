package dev.capstan.release;

import dev.capstan.remote.RemoteScript;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Python package bookkeeping as steps ({@code packages.sh}, {@code packages.py}): the build step
 * that records what a release's virtualenv has installed, the read of those records for several
 * releases in one command, and the look-up of what a package index offers, run on the host.
 */
public final class PackageSteps {

  /** Where a release's packages are recorded, relative to its folder. */
  public static final String FILE = RemoteScript.PACKAGES_FILE;

  /** A PEP 508 project name: letters and digits, with {@code . _ -} inside. */
  private static final Pattern NAME =
      Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]{0,198}[A-Za-z0-9])?");

  private PackageSteps() {}

  /** The build step {@code packages}: writes {@value #FILE} with the release's {@code python}. */
  static Step inventory(String python) {
    return Step.builtin(
        "packages",
        python + " -c <packages.py>: what the virtualenv has installed, to " + FILE,
        List.of("capstan_packages_inventory", python, FILE));
  }

  /** The step {@code packages}: each of {@code releases}' records, or that it has none. */
  static Step read(ReleaseLayout layout, List<String> releases) {
    releases.forEach(ReleaseLayout::requireReleaseName);
    List<String> call = new ArrayList<>(List.of("capstan_packages_read", layout.deployPath()));
    call.addAll(releases);
    return Step.builtin("packages", "read " + FILE + " of " + releases.size() + " releases", call);
  }

  /**
   * The step {@code index}: what {@code source} offers of {@code names}, looked up by the host's
   * {@code interpreter} (its network and proxy settings, as pip's). Credentials in the URL are
   * passed to the host, never shown.
   */
  static Step index(String interpreter, PackageSource source, List<String> names) {
    if (names.isEmpty()) {
      throw new IllegalArgumentException("no package names to look up");
    }
    names.forEach(PackageSteps::requireName);
    List<String> call =
        new ArrayList<>(
            List.of(
                "capstan_packages_index",
                interpreter,
                source.isUrl() ? "url" : "findLinks",
                source.location()));
    call.addAll(names);
    return Step.builtin(
        "index",
        interpreter + " -c <packages.py>: versions of " + names.size() + " in " + source.shown(),
        call);
  }

  /** {@code name} when it is a PEP 508 project name; else a clear error naming it. */
  public static String requireName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a Python package name: " + name);
    }
    return name;
  }
}
