package dev.capstan.reconcile;

import dev.capstan.model.Pin;
import dev.capstan.model.PinState;
import dev.capstan.model.Veto;
import dev.capstan.source.SourceException;

/**
 * Which commit an Environment is to run, from its resolved revision and the pin and vetoes in
 * force. Pure: commit ancestry is asked of the {@link Ancestry} given.
 */
public final class DesiredCommit {

  /** Whether one commit is an ancestor of (or the same as) another, as the mirror knows. */
  @FunctionalInterface
  public interface Ancestry {
    boolean isAncestor(String ancestor, String descendant) throws SourceException;
  }

  /**
   * The outcome.
   *
   * @param commit the commit to run; null when held (the revision's commit is vetoed), then the
   *     Environment stays on the commit its hosts run
   * @param pins the pin and vetoes in force (a lapsed pin left out)
   * @param note what the summary and status say about it ({@code pinned to 3f2a9c1 by pin:
   *     "reason"}, {@code held: 9b1e2aa is vetoed: "reason"}), null when nothing applies
   */
  public record Decision(String commit, PinState pins, String note) {
    public boolean held() {
      return commit == null;
    }
  }

  private DesiredCommit() {}

  /**
   * Decides.
   *
   * @param resolved the full commit the revision resolves to
   * @param pins the pin in force, its commit resolved to a full one, and the vetoes (full or short)
   */
  public static Decision decide(String resolved, PinState pins, Ancestry ancestry)
      throws SourceException {
    Pin pin = pins.pin();
    if (pin != null && Pin.BY_ROLLBACK.equals(pin.setBy())) {
      Veto passed = passedVeto(resolved, pins, ancestry);
      if (passed != null) {
        return new Decision(
            resolved,
            new PinState(null, pins.veto()),
            "pin to "
                + shortCommit(pin.commit())
                + " by rollback lapsed: "
                + shortCommit(resolved)
                + " is newer than vetoed "
                + shortCommit(passed.commit()));
      }
    }
    if (pin != null) {
      return new Decision(
          pin.commit(),
          pins,
          "pinned to " + shortCommit(pin.commit()) + " by " + pin.setBy() + quoted(pin.reason()));
    }
    Veto veto = pins.vetoOf(resolved);
    if (veto != null) {
      return new Decision(
          null, pins, "held: " + shortCommit(resolved) + " is vetoed" + quoted(veto.reason()));
    }
    return new Decision(resolved, pins, null);
  }

  /**
   * Decides with the pin's commit (perhaps short, from YAML) resolved to a full one and ancestry
   * from the Application's mirror.
   */
  static Decision resolve(
      Sources sources,
      dev.capstan.model.Application application,
      PinState pins,
      String resolvedCommit)
      throws SourceException {
    PinState full = pins;
    if (pins.pin() != null) {
      String pinned = sources.resolve(application, pins.pin().commit()).commit();
      full = new PinState(pins.pin().withCommit(pinned), pins.veto());
    }
    return decide(resolvedCommit, full, (a, d) -> sources.isAncestor(application, a, d));
  }

  /** A veto the revision moved past: an ancestor of the resolved commit that is not it. */
  private static Veto passedVeto(String resolved, PinState pins, Ancestry ancestry)
      throws SourceException {
    if (pins.vetoOf(resolved) != null) {
      return null;
    }
    for (Veto veto : pins.veto()) {
      if (ancestry.isAncestor(veto.commit(), resolved)) {
        return veto;
      }
    }
    return null;
  }

  static String shortCommit(String commit) {
    return commit.length() > 7 ? commit.substring(0, 7) : commit;
  }

  private static String quoted(String reason) {
    return reason == null || reason.isBlank() ? "" : ": \"" + reason + "\"";
  }
}
