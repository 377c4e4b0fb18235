package dev.capstan.model;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** Desired state that cannot be enforced, with every problem found in it. */
public final class InvalidDesiredStateException extends Exception {

  private static final Comparator<Problem> BY_PLACE =
      Comparator.comparing(Problem::file)
          .thenComparingInt(Problem::line)
          .thenComparingInt(Problem::column);

  private final List<Problem> problems;

  /**
   * @param problems at least one problem, in any order
   */
  public InvalidDesiredStateException(List<Problem> problems) {
    super(sorted(problems).stream().map(Problem::toString).collect(Collectors.joining("\n")));
    this.problems = sorted(problems);
  }

  private static List<Problem> sorted(List<Problem> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("an invalid desired state has at least one problem");
    }
    return problems.stream().sorted(BY_PLACE).toList();
  }

  /** The problems sorted by file, line and column. */
  public List<Problem> problems() {
    return problems;
  }
}
