package dev.capstan.model;

/**
 * Where a secret comes from: a file on the controller's machine ({@code file}, {@code ~} allowed)
 * or, in Kubernetes mode, a key of a Secret ({@code secretRef}). Exactly one is set.
 */
public record SecretSource(String file, SecretRef secretRef) {

  /** A reference to one key of a Kubernetes Secret in the resource's namespace. */
  public record SecretRef(String name, String key) {}

  public static SecretSource ofFile(String file) {
    return new SecretSource(file, null);
  }
}
