package dev.capstan.bench;

/** The benchmark cannot go on: a tool failed, or a deploy did not happen as it claimed. */
final class BenchFailure extends RuntimeException {

  private static final long serialVersionUID = 1L;

  BenchFailure(String message) {
    super(message);
  }

  BenchFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
