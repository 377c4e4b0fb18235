package dev.capstan.cli;

import java.util.ArrayList;
import java.util.List;

/** A plain text table, as kubectl prints one: a header, columns two spaces apart, no borders. */
final class TextTable {

  private final List<String[]> rows = new ArrayList<>();
  private final int columns;

  TextTable(String... header) {
    columns = header.length;
    rows.add(header);
  }

  /** Adds a line; one value per column of the header. */
  void row(String... values) {
    if (values.length != columns) {
      throw new IllegalArgumentException(columns + " values expected, not " + values.length);
    }
    rows.add(values.clone());
  }

  /** The lines, each ending in a line break; the last column is not padded. */
  @Override
  public String toString() {
    int[] widths = new int[columns];
    for (String[] row : rows) {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], row[i].codePointCount(0, row[i].length()));
      }
    }
    StringBuilder text = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        line.append(row[i]);
        if (i < columns - 1) {
          line.append(" ".repeat(widths[i] - row[i].codePointCount(0, row[i].length()) + 2));
        }
      }
      text.append(line.toString().stripTrailing()).append('\n');
    }
    return text.toString();
  }
}
