package dev.capstan.source;

/** A repository could not be fetched, a revision not resolved, or a tree not exported. */
public class SourceException extends Exception {

  public SourceException(String message, Throwable cause) {
    super(message, cause);
  }

  public SourceException(String message) {
    super(message);
  }
}
