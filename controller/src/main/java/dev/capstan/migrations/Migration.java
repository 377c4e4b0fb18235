package dev.capstan.migrations;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A migration as {@code django_migrations.py} describes it from a release's code.
 *
 * @param operations the class names of its operations, in order ({@code AddField}, …)
 * @param irreversible why it cannot be reversed ({@code RunPython without reverse code}), null when
 *     it can
 * @param dependencies the migrations it depends on (empty in a check's result)
 * @param replaces for a squashed migration, the ones it replaces
 */
public record Migration(
    MigrationKey key,
    List<String> operations,
    String irreversible,
    List<MigrationKey> dependencies,
    List<MigrationKey> replaces) {

  public Migration {
    operations = List.copyOf(operations);
    dependencies = List.copyOf(dependencies);
    replaces = List.copyOf(replaces);
  }

  public boolean reversible() {
    return irreversible == null;
  }

  /** {@code blog.0002_post_subtitle (AddField)}, or with the reason it cannot be reversed. */
  public String describe() {
    String why =
        reversible()
            ? operations.stream().distinct().collect(Collectors.joining(", "))
            : irreversible;
    return key + (why.isEmpty() ? "" : " (" + why + ")");
  }
}
