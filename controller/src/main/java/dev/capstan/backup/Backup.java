package dev.capstan.backup;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One backup in {@code <deployPath>/backups/} as its JSON sidecar {@code <name>.json} describes it
 * (written by {@code backup.sh}).
 *
 * @param name its {@link BackupName}
 * @param file the dump ({@code <name>.dump}) or SQLite file ({@code <name>.sqlite3}) beside it
 * @param engine {@code postgresql} or {@code sqlite}
 * @param takenAt ISO-8601 UTC
 * @param release the release it was taken for (or the live one, for a manual backup); may be empty
 * @param commit that release's commit; may be empty
 * @param size of the file, in bytes
 * @param sha256 of the file, in hex
 * @param migrations the applied migrations ({@code app.name}, from {@code django_migrations}),
 *     sorted; empty when the database has none
 * @param rowCounts rows per table ({@code schema.table} for PostgreSQL)
 * @param verified null until verified
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Backup(
    String name,
    String file,
    String engine,
    String takenAt,
    String release,
    String commit,
    long size,
    String sha256,
    List<String> migrations,
    Map<String, Long> rowCounts,
    Verification verified) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public Backup {
    migrations = migrations == null ? List.of() : List.copyOf(migrations);
    rowCounts = rowCounts == null ? Map.of() : Map.copyOf(rowCounts);
  }

  /** A sidecar as the scripts send it, one line of JSON; fails naming what is wrong. */
  public static Backup parse(String json) {
    try {
      Backup backup = JSON.readValue(json, Backup.class);
      new BackupName(backup.name());
      return backup;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "a backup sidecar that is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Whether it was verified and passed. */
  public boolean verifiedOk() {
    return verified != null && verified.ok();
  }

  /** Its migrations as a set, to compare with what a release knows. */
  public Set<String> migrationSet() {
    return Set.copyOf(migrations);
  }

  /** As {@code backups} lists it: verified, or why not. */
  public String verificationText() {
    if (verified == null) {
      return "not verified";
    }
    return verified.ok() ? "verified" : "failed: " + verified.message();
  }
}
