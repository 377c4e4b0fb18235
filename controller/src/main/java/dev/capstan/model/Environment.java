package dev.capstan.model;

import java.nio.file.Path;

/**
 * A named Environment document.
 *
 * @param baseDir folder that relative secret file paths resolve against
 */
public record Environment(String name, EnvironmentSpec spec, Path baseDir) {}
