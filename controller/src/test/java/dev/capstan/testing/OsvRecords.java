package dev.capstan.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** OSV advisory records as the tests write them: one PyPI package, introduced 0, fixed in one. */
public final class OsvRecords {

  private OsvRecords() {}

  /**
   * The record {@code id} (alias {@code alias}, may be null) of {@code name}, fixed in {@code
   * fixed}.
   */
  public static String record(String id, String alias, String name, String fixed, String summary) {
    return "{\"id\":\""
        + id
        + "\",\"modified\":\"2026-01-01T00:00:00Z\""
        + (alias == null ? "" : ",\"aliases\":[\"" + alias + "\"]")
        + ",\"summary\":\""
        + summary
        + "\",\"affected\":[{\"package\":{\"ecosystem\":\"PyPI\",\"name\":\""
        + name
        + "\"},\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\""
        + fixed
        + "\"}]}]}]}";
  }

  /** Writes that record as {@code <dir>/<id>.json}, creating the folder: the folder. */
  public static Path write(
      Path dir, String id, String alias, String name, String fixed, String summary)
      throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(id + ".json"), record(id, alias, name, fixed, summary));
    return dir;
  }
}
