package dev.capstan.release;

/**
 * A release's packages as read from its host: its {@link PackageInventory}, or unknown when the
 * release has no {@value PackageSteps#FILE} (it was built before Capstan recorded packages).
 *
 * @param inventory null when unknown
 */
public record ReleasePackages(String release, PackageInventory inventory) {

  /** Why a release's packages are unknown, as {@code deps} says it. */
  public static final String UNKNOWN_REASON = "built before Capstan recorded packages";

  public static ReleasePackages unknown(String release) {
    return new ReleasePackages(release, null);
  }

  public boolean known() {
    return inventory != null;
  }
}
