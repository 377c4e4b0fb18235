package dev.capstan.release;

/**
 * One folder under {@code releases/} as observed on a host.
 *
 * @param name folder name, {@code <stamp>-<short sha>}
 * @param commit full commit id from release.json, or null when unreadable
 * @param recipe recipe hash from release.json, or null
 * @param state lifecycle state
 * @param message why it failed, when it did
 * @param updated when its state was last written (ISO-8601, from release.json), or null
 */
public record ObservedRelease(
    String name, String commit, String recipe, ReleaseState state, String message, String updated) {

  public ObservedRelease(
      String name, String commit, String recipe, ReleaseState state, String message) {
    this(name, commit, recipe, state, message, null);
  }

  public ObservedRelease(String name, String commit, String recipe, ReleaseState state) {
    this(name, commit, recipe, state, null);
  }

  public boolean isComplete() {
    return state == ReleaseState.COMPLETE;
  }

  public boolean builds(DesiredRelease desired) {
    return desired.commit().equals(commit) && desired.recipe().equals(recipe);
  }
}
