package dev.capstan.reconcile;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the progress lines a host deployer reports, for the moments the controller tells the
 * world about: the line {@code HostDeployer} writes when it starts building a release.
 */
final class ProgressLines {

  private static final Pattern BUILD_STARTED =
      Pattern.compile("building (\\S+): upload and prepare");

  private ProgressLines() {}

  /** The release whose build this line starts, if it is such a line. */
  static Optional<String> buildStarted(String line) {
    Matcher matcher = BUILD_STARTED.matcher(line);
    return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
  }
}
