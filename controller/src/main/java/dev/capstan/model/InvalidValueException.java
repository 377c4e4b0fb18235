package dev.capstan.model;

/** A value that breaks a rule; its message says which, and becomes a Problem's message. */
final class InvalidValueException extends IllegalArgumentException {

  InvalidValueException(String message) {
    super(message);
  }
}
