package dev.capstan.upgrade;

/**
 * An upgrade that cannot be tried as asked: no {@code upkeep.index}, no advisories for {@code
 * --security-only}, a branch that moved elsewhere. The message says what to change.
 */
public final class UpgradeRefused extends Exception {

  public UpgradeRefused(String message) {
    super(message);
  }
}
