package dev.capstan.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The OpenSSH and util-linux programs the test fixtures drive, found or reported missing. */
public final class OpenSshTools {

  public static final Path SSHD = Path.of("/usr/sbin/sshd");
  public static final String SERVER_MISSING =
      "OpenSSH server not installed: apt-get install openssh-server (tests need a real sshd)";

  private OpenSshTools() {}

  /** Fails loudly unless sshd and ssh-keygen are installed: these tests never skip. */
  public static void requireServer() {
    if (!Files.isExecutable(SSHD)) {
      throw new IllegalStateException(SERVER_MISSING);
    }
    if (onPath("ssh-keygen") == null) {
      throw new IllegalStateException(
          SERVER_MISSING + "; ssh-keygen is missing too: apt-get install openssh-client");
    }
  }

  /** Fails loudly unless a separate mount namespace can be made (unshare, running as root). */
  public static void requireMountNamespaces() {
    if (onPath("unshare") == null) {
      throw new IllegalStateException(
          "unshare not installed: apt-get install util-linux (sshd hosts with their own"
              + " folder at a shared path need mount namespaces); "
              + SERVER_MISSING);
    }
    if (!"root".equals(System.getProperty("user.name"))) {
      throw new IllegalStateException(
          "sshd hosts with their own mount namespace need root; running as "
              + System.getProperty("user.name"));
    }
  }

  /**
   * Generates a key pair without passphrase in OpenSSH format: {@code file} and {@code file.pub}.
   *
   * @param type {@code ed25519} or {@code rsa}
   */
  public static Path keygen(Path file, String type) {
    requireServer();
    List<String> command = new ArrayList<>(List.of("ssh-keygen", "-q", "-t", type, "-N", ""));
    if (type.equals("rsa")) {
      command.addAll(List.of("-b", "3072"));
    }
    command.addAll(List.of("-C", "capstan-test", "-f", file.toString()));
    run(command);
    return file;
  }

  /** The public half of a key made by {@link #keygen}: {@code type base64}, without comment. */
  public static String publicKey(Path privateKey) {
    String line = read(Path.of(privateKey + ".pub")).strip();
    String[] fields = line.split("\\s+");
    return fields[0] + " " + fields[1];
  }

  /**
   * Like {@link #keygen}, but the key is encrypted with {@code passphrase} (OpenSSH format, bcrypt
   * KDF).
   */
  public static Path keygen(Path file, String type, String passphrase) {
    requireServer();
    List<String> command =
        new ArrayList<>(List.of("ssh-keygen", "-q", "-t", type, "-N", passphrase));
    if (type.equals("rsa")) {
      command.addAll(List.of("-b", "3072"));
    }
    command.addAll(List.of("-C", "capstan-test", "-f", file.toString()));
    run(command);
    return file;
  }

  /**
   * Fails loudly unless {@code program} is installed: these tests never skip.
   *
   * @param aptPackage the Debian package that brings it
   */
  public static Path require(String program, String aptPackage) {
    Path found = onPath(program);
    if (found == null) {
      throw new IllegalStateException(
          program + " not installed: apt-get install " + aptPackage + " (this test needs it)");
    }
    return found;
  }

  /** Fails loudly unless the tests run as root (users, namespaces). */
  public static void requireRoot(String why) {
    if (!"root".equals(System.getProperty("user.name"))) {
      throw new IllegalStateException(
          why + " needs root; running as " + System.getProperty("user.name"));
    }
  }

  /** Rewrites a known_hosts file with hashed host names, as {@code HashKnownHosts yes} does. */
  public static void hashKnownHosts(Path knownHosts) {
    run(List.of("ssh-keygen", "-q", "-H", "-f", knownHosts.toString()));
    try {
      Files.deleteIfExists(Path.of(knownHosts + ".old"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs a short helper program and returns its output, which is the message if it fails. */
  public static String run(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(command + " did not finish within 60s");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            command + " exited with " + process.exitValue() + ": " + output);
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A file's text; for assertions on logs and keys. */
  public static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
      Path candidate = Path.of(dir, program);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  static File devNull() {
    return new File("/dev/null");
  }
}
