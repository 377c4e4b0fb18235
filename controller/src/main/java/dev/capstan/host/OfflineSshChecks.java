package dev.capstan.host;

import dev.capstan.model.DesiredState;
import dev.capstan.model.Environment;
import dev.capstan.model.HostAddress;
import dev.capstan.model.Problem;
import dev.capstan.model.SecretSource;
import dev.capstan.model.SshSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What {@code capstan validate} can check about SSH without a network: every file an Environment's
 * SSH hosts need exists and is readable (the key, its passphrase, known_hosts) and the ssh config
 * file parses. Secrets ({@code secretRef}) are Kubernetes mode's and not checked here.
 */
public final class OfflineSshChecks {

  private OfflineSshChecks() {}

  /** Every problem found, each naming the file it is about. */
  public static List<Problem> check(DesiredState state) {
    List<Problem> problems = new ArrayList<>();
    for (Environment env : state.environments().values()) {
      if (env.spec().hosts().stream().allMatch(HostAddress::isLocal)) {
        continue;
      }
      check(env, problems);
    }
    return problems;
  }

  private static void check(Environment env, List<Problem> problems) {
    SshSpec ssh = env.spec().ssh();
    Path baseDir = env.baseDir();
    SshSpec.Place fallback = ssh.place("ssh");
    if (fallback == null) {
      return; // not read from a file
    }
    // Only files the spec or the config file names: the defaults (~/.ssh/id_ed25519,
    // ~/.ssh/known_hosts) may be made on the controller's machine later, or an agent used.
    Path key =
        notDefault(ssh.privateKey(), SshSpec.DEFAULT_PRIVATE_KEY)
            ? file(ssh.privateKey(), baseDir)
            : null;
    if (key != null) {
      readable(problems, place(ssh, "privateKey"), key, "private key");
    }
    Path passphrase = file(ssh.passphrase(), baseDir);
    if (passphrase != null) {
      readable(problems, place(ssh, "passphrase"), passphrase, "passphrase file");
    }
    SshConfig config = SshConfig.empty();
    Path configFile =
        ssh.config() != null ? file(ssh.config(), baseDir) : SshSettings.defaultConfig();
    if (configFile != null) {
      if (!Files.exists(configFile)) {
        add(problems, place(ssh, "config"), "ssh config file " + configFile + " does not exist");
      } else {
        try {
          config = SshConfig.load(configFile);
        } catch (SshConfig.ParseException e) {
          problems.add(
              new Problem(e.file(), Math.max(e.line(), 1), 1, null, "ssh config: " + e.reason()));
        }
      }
    }
    Set<Path> knownHosts = new LinkedHashSet<>();
    if (ssh.knownHostsGiven()) {
      Path file =
          notDefault(ssh.knownHosts(), SshSpec.DEFAULT_KNOWN_HOSTS)
              ? file(ssh.knownHosts(), baseDir)
              : null;
      if (file != null) {
        knownHosts.add(file);
      }
    } else {
      // Only what the config file names: the default ~/.ssh/known_hosts may be made later.
      for (HostAddress host : env.spec().hosts()) {
        List<String> files =
            host.isLocal() ? List.of() : config.lookup(host.hostname()).knownHostsFiles();
        if (!files.isEmpty()) {
          knownHosts.add(HomePath.expand(files.get(0)));
        }
      }
    }
    for (Path file : knownHosts) {
      if (!Files.exists(file)) {
        add(
            problems,
            place(ssh, "knownHosts"),
            "known_hosts file " + file + " does not exist (host keys are always verified)");
      }
    }
  }

  /** The default paths may be written out (the examples do) and made on the machine later. */
  private static boolean notDefault(SecretSource source, String defaultFile) {
    return source != null && !SecretSource.ofFile(defaultFile).equals(source);
  }

  private static SshSpec.Place place(SshSpec ssh, String key) {
    SshSpec.Place place = ssh.place(key);
    return place != null ? place : ssh.place("ssh");
  }

  private static void readable(List<Problem> problems, SshSpec.Place at, Path file, String what) {
    if (!Files.exists(file)) {
      add(problems, at, what + " " + file + " does not exist");
    } else if (!Files.isReadable(file)) {
      add(problems, at, what + " " + file + " is not readable");
    } else if (Files.isDirectory(file)) {
      add(problems, at, what + " " + file + " is a directory");
    }
  }

  private static void add(List<Problem> problems, SshSpec.Place at, String message) {
    problems.add(new Problem(at.file(), at.line(), at.column(), at.field(), message));
  }

  /** A file source resolved like file mode does; null for a Secret or nothing. */
  private static Path file(SecretSource source, Path baseDir) {
    if (source == null || source.file() == null) {
      return null;
    }
    Path path = HomePath.expand(source.file());
    return path.isAbsolute() || baseDir == null ? path : baseDir.resolve(path).normalize();
  }
}
