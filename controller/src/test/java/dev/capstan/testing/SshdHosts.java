package dev.capstan.testing;

import dev.capstan.host.SshCredentials;
import dev.capstan.model.HostAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Several {@link SshdHost}s that trust one generated client key, with one known_hosts file listing
 * them all: what an Environment with several hosts needs.
 *
 * <pre>{@code
 * try (SshdHosts hosts = SshdHosts.builder().count(2).bindAt("/srv/capstan-test").start()) {
 *   RemoteHost web1 = new DefaultHostConnector().open(hosts.address(0), hosts.credentials());
 *   web1.exec("touch /srv/capstan-test/x", Duration.ofSeconds(5));
 *   Files.exists(hosts.host(0).hostDir().resolve("x")); // true; host(1)'s hostDir has no x
 * }
 * }</pre>
 */
public final class SshdHosts implements AutoCloseable {

  private final Path dir;
  private final Path privateKey;
  private final Path knownHosts;
  private final List<SshdHost> hosts;

  private SshdHosts(Path dir, Path privateKey, Path knownHosts, List<SshdHost> hosts) {
    this.dir = dir;
    this.privateKey = privateKey;
    this.knownHosts = knownHosts;
    this.hosts = List.copyOf(hosts);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** {@code count} plain hosts sharing the machine's filesystem, ed25519 client key. */
  public static SshdHosts start(int count) {
    return builder().count(count).start();
  }

  /** The client key and the known_hosts file with every host, 10 s connect timeout. */
  public SshCredentials credentials() {
    return new SshCredentials(privateKey, knownHosts, Duration.ofSeconds(10));
  }

  public List<HostAddress> addresses() {
    return hosts.stream().map(SshdHost::address).toList();
  }

  public HostAddress address(int index) {
    return hosts.get(index).address();
  }

  public SshdHost host(int index) {
    return hosts.get(index);
  }

  public int size() {
    return hosts.size();
  }

  public Path privateKey() {
    return privateKey;
  }

  public Path knownHosts() {
    return knownHosts;
  }

  /** Folder of the client key and known_hosts; each host has its own {@link SshdHost#dir()}. */
  public Path dir() {
    return dir;
  }

  /** Stops every host and deletes all their files. */
  @Override
  public void close() {
    RuntimeException failure = null;
    for (SshdHost host : hosts) {
      try {
        host.close();
      } catch (RuntimeException e) {
        failure = failure == null ? e : failure;
      }
    }
    SshdHost.deleteRecursively(dir);
    if (failure != null) {
      throw failure;
    }
  }

  /** How many hosts, which client key type, and what each host's namespace looks like. */
  public static final class Builder {
    private int count = 1;
    private String clientKeyType = "ed25519";
    private String mountPoint;

    /** Null: {@link SshdHost}'s default. */
    private String loginShell;

    private String hostDirOwner;
    private String passphrase;

    private Builder() {}

    public Builder count(int count) {
      this.count = count;
      return this;
    }

    /** {@code ed25519} (the default) or {@code rsa}. */
    public Builder clientKeyType(String type) {
      this.clientKeyType = type;
      return this;
    }

    /** See {@link SshdHost.Builder#bindAt(String)}. */
    public Builder bindAt(String mountPoint) {
      this.mountPoint = mountPoint;
      return this;
    }

    /** See {@link SshdHost.Builder#hostDirOwner(String)}. */
    public Builder hostDirOwner(String user) {
      this.hostDirOwner = user;
      return this;
    }

    /** Encrypts the generated client key with this passphrase. */
    public Builder clientKeyPassphrase(String passphrase) {
      this.passphrase = passphrase;
      return this;
    }

    /** See {@link SshdHost.Builder#loginShell(String)}. */
    public Builder loginShell(String shell) {
      this.loginShell = shell;
      return this;
    }

    public SshdHosts start() {
      OpenSshTools.requireServer();
      Path dir;
      try {
        dir = Files.createTempDirectory("capstan-ssh-client-");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      List<SshdHost> hosts = new ArrayList<>();
      try {
        Path keyFile = dir.resolve("id_" + clientKeyType);
        Path key =
            passphrase == null
                ? OpenSshTools.keygen(keyFile, clientKeyType)
                : OpenSshTools.keygen(keyFile, clientKeyType, passphrase);
        for (int i = 0; i < count; i++) {
          hosts.add(startHost(OpenSshTools.publicKey(key)));
        }
        List<String> lines = hosts.stream().map(SshdHost::knownHostsLine).toList();
        Path knownHosts = Files.write(dir.resolve("known_hosts"), lines, StandardCharsets.UTF_8);
        return new SshdHosts(dir, key, knownHosts, hosts);
      } catch (IOException e) {
        stopAll(hosts, dir);
        throw new UncheckedIOException(e);
      } catch (RuntimeException | Error e) {
        stopAll(hosts, dir);
        throw e;
      }
    }

    private static void stopAll(List<SshdHost> hosts, Path dir) {
      hosts.forEach(SshdHost::close);
      SshdHost.deleteRecursively(dir);
    }

    private SshdHost startHost(String publicKey) {
      SshdHost.Builder host = SshdHost.builder().authorizedKey(publicKey);
      if (mountPoint != null) {
        host.bindAt(mountPoint);
      }
      if (loginShell != null) {
        host.loginShell(loginShell);
      }
      if (hostDirOwner != null) {
        host.hostDirOwner(hostDirOwner);
      }
      return host.start();
    }
  }
}
