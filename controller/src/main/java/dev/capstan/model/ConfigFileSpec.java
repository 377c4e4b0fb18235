package dev.capstan.model;

/**
 * A file Capstan writes into {@code <deployPath>/shared/} with mode 0600; its content is never
 * logged.
 *
 * @param path relative to {@code shared/}
 * @param source a file on the controller (relative to the YAML) or a Secret's key
 */
public record ConfigFileSpec(String path, SecretSource source) {}
