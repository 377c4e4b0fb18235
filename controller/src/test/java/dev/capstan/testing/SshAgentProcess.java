package dev.capstan.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenSSH {@code ssh-agent} for one test, in the foreground ({@code -D}) on a socket of its
 * own, stopped by its own pid.
 *
 * <pre>{@code
 * try (SshAgentProcess agent = SshAgentProcess.start(dir)) {
 *   agent.add(privateKey);   // ssh-add
 *   agent.socket();          // what SSH_AUTH_SOCK would be
 * }
 * }</pre>
 */
public final class SshAgentProcess implements AutoCloseable {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);

  private final Process process;
  private final Path socket;

  private SshAgentProcess(Process process, Path socket) {
    this.process = process;
    this.socket = socket;
  }

  /** Starts an agent whose socket is {@code dir/agent.sock}; returns once it accepts. */
  public static SshAgentProcess start(Path dir) {
    Path agent = OpenSshTools.require("ssh-agent", "openssh-client");
    OpenSshTools.require("ssh-add", "openssh-client");
    Path socket = dir.resolve("agent.sock");
    Path log = dir.resolve("ssh-agent.log");
    try {
      Process process =
          new ProcessBuilder(agent.toString(), "-D", "-a", socket.toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      SshAgentProcess started = new SshAgentProcess(process, socket);
      long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
      while (!Files.exists(socket)) {
        if (System.nanoTime() > deadline || !process.isAlive()) {
          started.close();
          throw new IllegalStateException(
              "ssh-agent did not create "
                  + socket
                  + " within "
                  + READY_TIMEOUT
                  + ": "
                  + OpenSshTools.read(log));
        }
        // The pause is itself a wait for the other way startup ends: the agent exiting.
        process.waitFor(20, TimeUnit.MILLISECONDS);
      }
      return started;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** {@code ssh-add KEY}: the agent holds the key from now on. */
  public void add(Path privateKey) {
    ProcessBuilder builder =
        new ProcessBuilder("ssh-add", privateKey.toString()).redirectErrorStream(true);
    builder.environment().put("SSH_AUTH_SOCK", socket.toString());
    try {
      Process add = builder.start();
      add.getOutputStream().close();
      String output = new String(add.getInputStream().readAllBytes());
      if (!add.waitFor(60, TimeUnit.SECONDS) || add.exitValue() != 0) {
        throw new IllegalStateException("ssh-add " + privateKey + " failed: " + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The agent's socket: SSH_AUTH_SOCK for the clients that use it. */
  public Path socket() {
    return socket;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      Files.deleteIfExists(socket);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
