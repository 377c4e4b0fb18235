package dev.capstan.testing;

import dev.capstan.host.Shell;
import dev.capstan.model.HostAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real OpenSSH server on 127.0.0.1 for tests, with its own host key and temp folder; optionally
 * in its own mount namespace, so that several hosts each see their own folder at one path.
 *
 * <pre>{@code
 * try (SshdHost host =
 *     SshdHost.builder().authorizedKey(publicKey).bindAt("/srv/capstan-test").start()) {
 *   host.address();        // root@127.0.0.1:PORT
 *   host.knownHostsLine(); // [127.0.0.1]:PORT ssh-ed25519 AAAA...
 *   host.hostDir();        // what the host sees at /srv/capstan-test
 * }
 * }</pre>
 */
public final class SshdHost implements AutoCloseable {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
  private static final int START_ATTEMPTS = 5;

  private final Path dir;
  private final Path hostDir;
  private final String listenAddress;
  private final int port;
  private final Process process;
  private final String hostKey;

  private SshdHost(
      Path dir, Path hostDir, String listenAddress, int port, Process process, String hostKey) {
    this.dir = dir;
    this.hostDir = hostDir;
    this.listenAddress = listenAddress;
    this.port = port;
    this.process = process;
    this.hostKey = hostKey;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** {@code root@127.0.0.1:PORT} (or the address given to {@link Builder#inNetworkNamespace}). */
  public HostAddress address() {
    return new HostAddress("root", listenAddress, port);
  }

  /** {@code user@ADDRESS:PORT}. */
  public HostAddress address(String user) {
    return new HostAddress(user, listenAddress, port);
  }

  /** The address sshd listens on: 127.0.0.1 unless it runs in a network namespace. */
  public String listenAddress() {
    return listenAddress;
  }

  /** This host's line for a known_hosts file: {@code [127.0.0.1]:PORT ssh-ed25519 AAAA...}. */
  public String knownHostsLine() {
    return "[" + listenAddress + "]:" + port + " " + hostKey;
  }

  /** The host's public key, {@code ssh-ed25519 AAAA...}. */
  public String hostKey() {
    return hostKey;
  }

  /** The folder this host sees at its mount point ({@link Builder#bindAt}); empty otherwise. */
  public Path hostDir() {
    return hostDir;
  }

  /** This host's own temp folder: config, keys, {@code sshd.log}. */
  public Path dir() {
    return dir;
  }

  public int port() {
    return port;
  }

  /** The listening sshd's process id. */
  public long pid() {
    return process.pid();
  }

  /** What sshd logged so far (LogLevel VERBOSE: every accepted or refused login). */
  public String log() {
    return OpenSshTools.read(dir.resolve("sshd.log"));
  }

  /** Stops sshd and the sessions it still serves, and waits until they are gone. */
  public void stop() {
    if (!process.isAlive()) {
      return;
    }
    List<ProcessHandle> sessions = process.descendants().toList();
    process.destroy();
    awaitExit(process.toHandle());
    sessions.forEach(ProcessHandle::destroyForcibly);
    sessions.forEach(SshdHost::awaitExit);
  }

  /** Stops sshd and deletes its temp folder. */
  @Override
  public void close() {
    stop();
    deleteRecursively(dir);
  }

  private static void awaitExit(ProcessHandle handle) {
    try {
      handle.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      handle.destroyForcibly();
    }
  }

  /** How to start one host; {@link #start()} does it. */
  public static final class Builder {
    private final List<String> authorizedKeys = new ArrayList<>();
    private String mountPoint;

    /**
     * Test hosts log in with {@code /bin/sh}, like a service account would: this machine's root
     * login shell runs {@code pyenv init} from {@code .bashrc}, which costs ~90 ms a command and
     * blocks every login for a minute when a killed session leaves pyenv's rehash lock behind.
     */
    private String loginShell = "/bin/sh";

    private String hostDirOwner;
    private String netns;
    private String listenAddress = "127.0.0.1";

    private Builder() {}

    /**
     * Makes {@link SshdHost#hostDir()} owned by this (non-root) user, who can then log in with the
     * authorized keys like root (the user must exist before {@link #start()}).
     */
    public Builder hostDirOwner(String user) {
      this.hostDirOwner = user;
      return this;
    }

    /**
     * Runs sshd inside the network namespace {@code netns} (see {@link NetworkNamespace}),
     * listening on {@code address} there: unreachable from the test unless that address is.
     */
    public Builder inNetworkNamespace(String netns, String address) {
      this.netns = netns;
      this.listenAddress = address;
      return this;
    }

    /** A public key ({@code ssh-ed25519 AAAA...}) that may log in as root. */
    public Builder authorizedKey(String publicKey) {
      authorizedKeys.add(publicKey);
      return this;
    }

    /** Runs sshd in its own mount namespace with {@link SshdHost#hostDir()} bound at this path. */
    public Builder bindAt(String mountPoint) {
      this.mountPoint = mountPoint;
      return this;
    }

    /** Gives root this login shell, inside the host's own mount namespace only. */
    public Builder loginShell(String shell) {
      this.loginShell = shell;
      return this;
    }

    public SshdHost start() {
      OpenSshTools.requireServer();
      boolean namespace = mountPoint != null || loginShell != null;
      if (namespace) {
        OpenSshTools.requireMountNamespaces();
      }
      try {
        // sshd's privilege separation directory; a fresh machine may not have it yet.
        Files.createDirectories(Path.of("/run/sshd"));
        if (mountPoint != null) {
          Files.createDirectories(Path.of(mountPoint));
        }
        Path dir = Files.createTempDirectory("capstan-sshd-");
        try {
          return startIn(dir, namespace);
        } catch (RuntimeException | Error e) {
          deleteRecursively(dir);
          throw e;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private SshdHost startIn(Path dir, boolean namespace) throws IOException {
      Path hostDir = Files.createDirectories(dir.resolve("host"));
      Path hostKeyFile = OpenSshTools.keygen(dir.resolve("ssh_host_ed25519_key"), "ed25519");
      Path keys =
          Files.write(dir.resolve("authorized_keys"), authorizedKeys, StandardCharsets.UTF_8);
      // sshd reads authorized_keys as the user logging in, who need not be root.
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("rw-r--r--"));
      if (hostDirOwner != null) {
        OpenSshTools.run(List.of("chown", hostDirOwner + ":", hostDir.toString()));
      }
      if (loginShell != null) {
        writePasswd(dir.resolve("passwd"), loginShell);
      }
      String hostKey = OpenSshTools.publicKey(hostKeyFile);
      String failures = "";
      for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
        int port = freePort();
        Path config = writeConfig(dir, listenAddress, port);
        Process process = launch(dir, config, namespace);
        boolean ready =
            netns == null
                ? SshdReadiness.await(process, port, READY_TIMEOUT)
                : SshdReadiness.awaitListening(process, dir.resolve("sshd.log"), READY_TIMEOUT);
        if (ready) {
          return new SshdHost(dir, hostDir, listenAddress, port, process, hostKey);
        }
        failures += "\nattempt " + attempt + " on port " + port + ":\n" + logOf(dir);
        if (process.isAlive()) {
          process.destroyForcibly();
        }
      }
      throw new IllegalStateException("sshd did not start:" + failures);
    }

    private Process launch(Path dir, Path config, boolean namespace) throws IOException {
      List<String> command = new ArrayList<>();
      if (netns != null) {
        // ip execs what follows in the namespace: the started process is still sshd itself.
        command.addAll(List.of("ip", "netns", "exec", netns));
      }
      if (namespace) {
        String script = mounts(dir) + "exec " + sshd(config);
        command.addAll(
            List.of("unshare", "--mount", "--propagation", "private", "sh", "-c", script));
      } else {
        command.addAll(List.of(OpenSshTools.SSHD.toString(), "-D", "-e", "-f", config.toString()));
      }
      // With exec in the namespace script, the started process becomes sshd itself.
      return new ProcessBuilder(command)
          .redirectInput(OpenSshTools.devNull())
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve("sshd.log").toFile())
          .start();
    }

    private String mounts(Path dir) {
      String script = "";
      if (loginShell != null) {
        script +=
            "mount --bind " + Shell.quote(dir.resolve("passwd").toString()) + " /etc/passwd && ";
      }
      if (mountPoint != null) {
        script +=
            "mount --bind "
                + Shell.quote(dir.resolve("host").toString())
                + " "
                + Shell.quote(mountPoint)
                + " && ";
      }
      return script;
    }

    private static String sshd(Path config) {
      return Shell.quote(OpenSshTools.SSHD.toString())
          + " -D -e -f "
          + Shell.quote(config.toString());
    }

    private static Path writeConfig(Path dir, String listenAddress, int port) throws IOException {
      List<String> lines =
          List.of(
              "Port " + port,
              "ListenAddress " + listenAddress,
              "HostKey " + dir.resolve("ssh_host_ed25519_key"),
              "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
              "PidFile " + dir.resolve("sshd.pid"),
              "UsePAM no",
              "StrictModes no",
              "PasswordAuthentication no",
              "KbdInteractiveAuthentication no",
              "PermitRootLogin prohibit-password",
              "Subsystem sftp internal-sftp",
              "LogLevel VERBOSE",
              "MaxSessions 50",
              "MaxStartups 100",
              "PrintMotd no");
      return Files.write(dir.resolve("sshd_config"), lines, StandardCharsets.UTF_8);
    }

    private static void writePasswd(Path file, String shell) throws IOException {
      List<String> lines = new ArrayList<>();
      for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
        String[] fields = line.split(":", -1);
        if (fields.length == 7 && fields[0].equals("root")) {
          fields[6] = shell;
          line = String.join(":", fields);
        }
        lines.add(line);
      }
      Files.write(file, lines, StandardCharsets.UTF_8);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
      return socket.getLocalPort();
    }
  }

  private static String logOf(Path dir) {
    Path log = dir.resolve("sshd.log");
    return Files.exists(log) ? OpenSshTools.read(log) : "(no log)";
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
