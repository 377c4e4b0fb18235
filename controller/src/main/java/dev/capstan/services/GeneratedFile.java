package dev.capstan.services;

/**
 * A file a supervisor reads, as generated: where it goes on the host and what it holds.
 *
 * @param path absolute
 * @param mode octal permission bits, like {@code 0644}
 */
public record GeneratedFile(String path, String content, String mode) {}
