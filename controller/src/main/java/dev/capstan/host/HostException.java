package dev.capstan.host;

/**
 * A host could not be used: the connection failed or was refused, or a command did not finish in
 * time. The {@link Kind} says whether retrying can help.
 */
public class HostException extends Exception {

  /** Why the host could not be used. */
  public enum Kind {
    /** Network, DNS or refused connection: retry later. */
    UNREACHABLE(true),
    /** The host key is unknown or changed: a person must act. */
    HOST_KEY_REJECTED(false),
    /** The private key was refused or could not be read: a person must act. */
    AUTH_FAILED(false),
    /** A command ran longer than its timeout. */
    TIMEOUT(true),
    /** Reading or writing the connection failed midway. */
    IO(true);

    private final boolean retryable;

    Kind(boolean retryable) {
      this.retryable = retryable;
    }

    public boolean retryable() {
      return retryable;
    }
  }

  private final String host;
  private final Kind kind;
  private final String detail;

  public HostException(String host, Kind kind, String message, Throwable cause) {
    super(host + ": " + message, cause);
    this.host = host;
    this.kind = kind;
    this.detail = message;
  }

  public HostException(String host, Kind kind, String message) {
    this(host, kind, message, null);
  }

  public String host() {
    return host;
  }

  public Kind kind() {
    return kind;
  }

  /** What went wrong, without the host's name: for a line that names the host already. */
  public String detail() {
    return detail;
  }
}
