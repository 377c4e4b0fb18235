package dev.capstan.upkeep;

/**
 * Advisories could not be read: a file is missing, unreadable or not an OSV record. It needs a
 * person to fix the file; reading again will not help.
 */
public class AdvisoryException extends RuntimeException {

  public AdvisoryException(String message) {
    super(message);
  }

  public AdvisoryException(String message, Throwable cause) {
    super(message, cause);
  }
}
