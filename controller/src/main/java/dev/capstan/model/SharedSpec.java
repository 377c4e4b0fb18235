package dev.capstan.model;

import java.util.List;

/** Files and folders that live in {@code <deployPath>/shared} and are linked into every release. */
public record SharedSpec(List<String> files, List<String> dirs) {

  public static final SharedSpec NONE = new SharedSpec(List.of(), List.of());

  public SharedSpec {
    files = List.copyOf(files);
    dirs = List.copyOf(dirs);
  }
}
