package dev.capstan.model;

import java.nio.file.Path;

/**
 * A named Application document.
 *
 * @param baseDir folder that relative paths in the spec (repository url, secret files) resolve
 *     against: the declaring file's folder in file mode
 */
public record Application(String name, ApplicationSpec spec, Path baseDir) {}
