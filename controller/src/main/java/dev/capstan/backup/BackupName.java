package dev.capstan.backup;

import dev.capstan.release.ReleaseLayout;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * The name of a backup, {@code <UTC yyyyMMddHHmmss>-<release or "manual">}: checked here against a
 * strict pattern before it reaches a shell or a path, so no name can leave {@code backups/}.
 */
public record BackupName(String value) implements Comparable<BackupName> {

  /** Every name a backup may have; release names as {@link ReleaseLayout#RELEASE_NAME}. */
  public static final Pattern PATTERN =
      Pattern.compile("\\d{14}-(manual|" + ReleaseLayout.RELEASE_NAME.pattern() + ")");

  /** What a backup taken for no release (by hand, or before a restore) is named after. */
  public static final String MANUAL = "manual";

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

  public BackupName {
    if (value == null || !PATTERN.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "not a backup name (<yyyyMMddHHmmss>-<release or manual>): " + value);
    }
  }

  /** The name of a backup taken at {@code at} for {@code release} (null: manual). */
  public static BackupName of(Instant at, String release) {
    return new BackupName(STAMP.format(at) + "-" + (release == null ? MANUAL : release));
  }

  /** Whether {@code text} is a backup name. */
  public static boolean isValid(String text) {
    return text != null && PATTERN.matcher(text).matches();
  }

  /** Names sort by when they were taken, then by what for. */
  @Override
  public int compareTo(BackupName other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
