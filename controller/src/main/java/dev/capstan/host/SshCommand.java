package dev.capstan.host;

import dev.capstan.host.HostException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.connection.channel.direct.Signal;
import net.schmizz.sshj.transport.TransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One script running in its own session of an SSH connection, from start to exit status, and killed
 * together with everything it started when it has to be stopped early.
 */
final class SshCommand {

  /** Set in the script's environment and inherited by all it starts, so they can be found. */
  static final String MARKER = "CAPSTAN_EXEC";

  private static final Logger LOG = LoggerFactory.getLogger(SshCommand.class);
  private static final int REAP_TIMEOUT_SECONDS = 10;

  private final SSHClient client;
  private final String host;
  private final String id;
  private final Session session;
  private final Session.Command command;
  private boolean aborted;

  private SshCommand(
      SSHClient client, String host, String id, Session session, Session.Command command) {
    this.client = client;
    this.host = host;
    this.id = id;
    this.session = session;
    this.command = command;
  }

  /** Opens a session and starts {@code /bin/sh -c script} in it. */
  static SshCommand start(SSHClient client, String host, String script) throws HostException {
    Session session = openSession(client, host);
    String id = UUID.randomUUID().toString().replace("-", "");
    // The login shell parses only this one line of quoted words, so which shell it is matters not.
    String line = "/usr/bin/env " + MARKER + "=" + id + " /bin/sh -c " + Shell.quote(script);
    try {
      return new SshCommand(client, host, id, session, session.exec(line));
    } catch (IOException e) {
      SshConnection.closeQuietly(session);
      throw new HostException(host, Kind.IO, "cannot start the command: " + e.getMessage(), e);
    }
  }

  /** Feeds {@code stdin}, collects the output and waits for the exit status until the deadline. */
  ExecResult run(InputStream stdin, Deadline deadline) throws HostException {
    CommandStreams streams =
        CommandStreams.start(
            command.getInputStream(),
            command.getErrorStream(),
            stdin,
            command.getOutputStream(),
            this::abort);
    try {
      CommandStreams.Output output = streams.awaitOutput(deadline);
      command.join(Math.max(1, deadline.remainingMillis()), TimeUnit.MILLISECONDS);
      streams.checkInput();
      return result(output);
    } catch (TimeoutException e) {
      abort();
      throw timedOut(deadline);
    } catch (IOException e) {
      abort();
      throw failure(streams, deadline, e);
    } catch (InterruptedException e) {
      abort();
      Thread.currentThread().interrupt();
      throw new HostException(host, Kind.IO, "interrupted while waiting for the command", e);
    } finally {
      streams.cancel();
      SshConnection.closeQuietly(session);
    }
  }

  /**
   * Kills the script and what it started: a signal request first (sshd answers it with killpg, but
   * refuses it for root logins and before OpenSSH 7.9), then, in a second session, every process
   * that carries this command's marker; then closes the session.
   */
  synchronized void abort() {
    // Synchronized: a second caller (the input feeder and the waiting thread may both abort)
    // returns only once the command is really dead.
    if (aborted) {
      return;
    }
    aborted = true;
    signal();
    reap();
    SshConnection.closeQuietly(session);
  }

  private void signal() {
    // sshd drops the whole connection on a request for a channel it already freed, and it frees
    // one once both sides sent CLOSE. sshj sends CLOSE and answers isOpen() under the channel's
    // monitor, so holding it makes "still open, then signal" one step.
    synchronized (command) {
      if (command.isOpen()) {
        try {
          command.signal(Signal.KILL);
        } catch (TransportException | RuntimeException ignored) {
          // The connection is gone, and with it the session.
        }
      }
    }
  }

  private void reap() {
    if (!client.isConnected()) {
      return;
    }
    try (Session reaper = client.startSession()) {
      Session.Command kill = reaper.exec("/bin/sh -c " + Shell.quote(reaperScript(id)));
      kill.join(REAP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (TransportException e) {
      LOG.debug("{}: connection gone, nothing left to kill: {}", host, e.toString());
    } catch (IOException | RuntimeException e) {
      LOG.warn("{}: could not kill a command that was stopped early: {}", host, e.toString());
    }
  }

  /** Kills, a few rounds over, every process whose environment holds this command's marker. */
  static String reaperScript(String id) {
    String marker = Shell.quote(MARKER + "=" + id);
    return "for round in 1 2 3; do"
        + " pids=$(grep -l -x -z -F "
        + marker
        + " /proc/[0-9]*/environ 2>/dev/null | cut -d/ -f3);"
        + " [ -n \"$pids\" ] || exit 0;"
        + " kill -KILL $pids 2>/dev/null;"
        + " done";
  }

  private ExecResult result(CommandStreams.Output output) {
    Integer status = command.getExitStatus();
    if (status != null) {
      return new ExecResult(status, output.stdout(), output.stderr());
    }
    // No status means a signal ended the command; say which where error messages look.
    Signal signal = command.getExitSignal();
    String note = "command terminated by signal " + (signal == null ? "(unknown)" : signal);
    String stderr = output.stderr().isEmpty() ? note : output.stderr() + "\n" + note;
    return new ExecResult(-1, output.stdout(), stderr);
  }

  /** Tells apart what made a command fail midway: the caller's input, the clock or the link. */
  private HostException failure(CommandStreams streams, Deadline deadline, IOException failure) {
    try {
      streams.checkInput();
    } catch (IOException inputFailure) {
      return new HostException(host, Kind.IO, inputFailure.getMessage(), inputFailure);
    }
    if (deadline.expired()) {
      return timedOut(deadline);
    }
    String message = "connection failed while the command ran: " + failure.getMessage();
    return new HostException(host, Kind.IO, message, failure);
  }

  private HostException timedOut(Deadline deadline) {
    return new HostException(
        host, Kind.TIMEOUT, "the command did not finish within " + deadline.describe());
  }

  private static Session openSession(SSHClient client, String host) throws HostException {
    if (!client.isConnected()) {
      throw new HostException(host, Kind.IO, "the connection is closed");
    }
    try {
      return client.startSession();
    } catch (IOException | IllegalStateException e) {
      throw new HostException(host, Kind.IO, "cannot open a session: " + e.getMessage(), e);
    }
  }
}
