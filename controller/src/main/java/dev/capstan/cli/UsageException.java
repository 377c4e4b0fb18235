package dev.capstan.cli;

/** The command was called with something that cannot work, such as an unknown environment name. */
final class UsageException extends Exception {

  UsageException(String message) {
    super(message);
  }
}
