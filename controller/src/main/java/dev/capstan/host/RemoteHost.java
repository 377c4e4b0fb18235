package dev.capstan.host;

import java.io.InputStream;
import java.time.Duration;

/**
 * A host the release engine acts on: run a {@code /bin/sh} script there, optionally feeding it
 * standard input. One instance is one open connection, reused for every step of a reconcile.
 *
 * <p>Implementations never interpret the script; callers quote every value with {@link
 * Shell#quote(String)}.
 */
public interface RemoteHost extends AutoCloseable {

  /** The host as named in the spec ({@code local}, {@code deploy@web1:2222}). */
  String name();

  /**
   * Runs {@code script} with {@code /bin/sh -c} and waits for it at most {@code timeout}.
   *
   * @return its exit status and captured output; a non-zero exit status is not an exception
   * @throws HostException when the host cannot be reached or the command times out
   */
  default ExecResult exec(String script, Duration timeout) throws HostException {
    return exec(script, null, timeout);
  }

  /** As {@link #exec(String, Duration)}, streaming {@code stdin} (may be null) to the script. */
  ExecResult exec(String script, InputStream stdin, Duration timeout) throws HostException;

  /** Closes the connection; never throws. */
  @Override
  void close();
}
