package dev.capstan.reconcile;

import dev.capstan.model.Application;
import dev.capstan.model.Environment;
import dev.capstan.model.PinState;
import dev.capstan.model.Veto;
import dev.capstan.release.ReleaseLayout;
import dev.capstan.release.RollbackTarget;
import dev.capstan.source.SourceException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a rollback leaves and where it goes, decided from the desired state and the local mirror
 * alone (never the Git server), before any host is reached.
 */
final class RollbackTargets {

  private static final Pattern COMMIT_PREFIX = Pattern.compile("[0-9a-fA-F]{4,40}");
  private static final Pattern FULL_COMMIT = Pattern.compile("[0-9a-fA-F]{40}");

  private RollbackTargets() {}

  /**
   * The commit the Environment runs by its desired state now (its revision, or its pin), as the
   * mirror resolves it without fetching; null when the mirror cannot say, or when the revision is
   * vetoed (the hosts then run what they ran, found out on the hosts).
   */
  static String leaving(Sources sources, Application application, Environment environment) {
    try {
      String resolved = sources.resolveLocally(application, environment.spec().revision()).commit();
      PinState pins = environment.spec().pins();
      if (pins.pin() != null) {
        String pinned = sources.resolveLocally(application, pins.pin().commit()).commit();
        pins = new PinState(pins.pin().withCommit(pinned), pins.veto());
      }
      return DesiredCommit.decide(resolved, pins, (a, d) -> sources.isAncestor(application, a, d))
          .commit();
    } catch (SourceException notKnownHere) {
      return null;
    }
  }

  /**
   * How each host picks the release: by name, by commit ({@code to} resolved by the mirror, or
   * taken as a commit prefix the hosts' releases start with), or, {@code to} null, the release live
   * before the current one, skipping vetoed commits and the one left.
   *
   * @throws SourceException when {@code to} is neither a release name nor a commit
   */
  static RollbackTarget target(
      Sources sources, Application application, Environment environment, String to, String leaving)
      throws SourceException {
    if (to == null) {
      List<String> excluded = new ArrayList<>();
      environment.spec().pins().veto().stream().map(Veto::commit).forEach(excluded::add);
      if (leaving != null) {
        excluded.add(leaving);
      }
      return RollbackTarget.previous(excluded.stream().map(String::toLowerCase).toList());
    }
    if (ReleaseLayout.isReleaseName(to)) {
      return RollbackTarget.release(to);
    }
    if (FULL_COMMIT.matcher(to).matches()) {
      return RollbackTarget.commit(to); // no repository to open for it
    }
    try {
      return RollbackTarget.commit(sources.resolveLocally(application, to).commit());
    } catch (SourceException unknown) {
      if (COMMIT_PREFIX.matcher(to).matches()) {
        return RollbackTarget.commit(to); // the hosts' releases may know it
      }
      throw new SourceException(
          "--to "
              + to
              + " is neither a release name (like 20261201120000-3f2a9c1) nor a commit the"
              + " local mirror knows: "
              + unknown.getMessage());
    }
  }
}
