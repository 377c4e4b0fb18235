package dev.capstan.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What an end-to-end test class deploys with, as a JUnit extension ({@code @RegisterExtension
 * static final Fleet fleet = Fleet.of(2, "/srv/…")}): real sshd hosts that share one deploy mount,
 * a real Git repository in a work folder ({@code work()/repo}), and a deploy folder of its own for
 * each test, named after the test so that its hosts' files are easy to find when it fails.
 */
public final class Fleet implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

  private final int count;
  private final String mount;
  private Path work;
  private SshdHosts hosts;
  private GitRepo repo;
  private String deployName;

  private Fleet(int count, String mount) {
    this.count = count;
    this.mount = mount;
  }

  /** {@code count} hosts, each with its own folder bound at {@code mount}. */
  public static Fleet of(int count, String mount) {
    return new Fleet(count, mount);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    work = Files.createTempDirectory("capstan-fleet");
    hosts = SshdHosts.builder().count(count).bindAt(mount).start();
    repo = GitRepo.init(work.resolve("repo"));
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    deployName = context.getRequiredTestMethod().getName();
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    try {
      if (repo != null) {
        repo.close();
      }
    } finally {
      if (hosts != null) {
        hosts.close();
      }
      deleteTree(work);
    }
  }

  /** The test's own folder for files: the repository is {@code work()/repo}. */
  public Path work() {
    return work;
  }

  public SshdHosts hosts() {
    return hosts;
  }

  public GitRepo repo() {
    return repo;
  }

  /** This test's name, which also names its deploy folder. */
  public String testName() {
    return deployName;
  }

  /** The deployPath this test's YAML gives, the same on every host. */
  public String deployPath() {
    return mount + "/" + deployName;
  }

  /** This test's deploy folder of one host, as seen from the test. */
  public Path deployDir(int host) {
    return hosts.host(host).hostDir().resolve(deployName);
  }

  /**
   * This test's desired-state file, in the work folder (so {@code url: repo} finds the repository).
   */
  public Path yamlFile() {
    return work.resolve(deployName + ".yaml");
  }

  /** Writes {@link #yamlFile} as {@code lines}, each ended by a newline but the last. */
  public void writeDesiredState(String... lines) throws IOException {
    Files.writeString(yamlFile(), String.join("\n", lines));
  }

  /** The repository cache this class's applies and rollouts share: {@code work()/cache}. */
  public Path cacheDir() {
    return work.resolve("cache");
  }

  /**
   * Runs {@code capstan COMMAND -f yamlFile() ARGS… --cache-dir cacheDir()} in-process: the CLI on
   * this test's desired state.
   */
  public CliRun capstan(String command, String... args) {
    List<String> all = new ArrayList<>(List.of(command, "-f", yamlFile().toString()));
    all.addAll(List.of(args));
    all.addAll(List.of("--cache-dir", cacheDir().toString()));
    return CliRun.run(all.toArray(String[]::new));
  }

  /** This test's controller state folder (pins, vetoes, status): {@code work()/<test>-state}. */
  public Path stateDir() {
    return work.resolve(deployName + "-state");
  }

  /**
   * Runs {@code capstan COMMAND -f yamlFile() --env ENVIRONMENT --state-dir stateDir() --cache-dir
   * cacheDir() REST…} in-process: a command on one Environment, with this test's state folder.
   */
  public CliRun capstanOn(String environment, String command, String... rest) {
    List<String> all =
        new ArrayList<>(
            List.of(
                command,
                "-f",
                yamlFile().toString(),
                "--env",
                environment,
                "--state-dir",
                stateDir().toString(),
                "--cache-dir",
                cacheDir().toString()));
    all.addAll(List.of(rest));
    return CliRun.run(all.toArray(String[]::new));
  }

  /**
   * A file-mode controller on this test's desired state and state folder: one worker, a 30 s lease
   * and lock wait, quick retries.
   */
  public dev.capstan.file.FileRuntime.Config controllerConfig() {
    return new dev.capstan.file.FileRuntime.Config(
        yamlFile(),
        stateDir(),
        "127.0.0.1:0",
        1,
        null,
        new dev.capstan.source.RepositoryMirrors(cacheDir()),
        new dev.capstan.reconcile.Rollout.Settings(
            "capstan-test@controller",
            java.time.Duration.ofSeconds(30),
            java.time.Duration.ofSeconds(30),
            dev.capstan.release.HostDeployer.Timeouts.DEFAULT,
            java.time.Clock.systemUTC()),
        dev.capstan.reconcile.Backoff.exponential(
            java.time.Duration.ofMillis(200), java.time.Duration.ofSeconds(2)));
  }

  /** {@code capstan apply -f yamlFile() --cache-dir cacheDir()}. */
  public CliRun apply() {
    return capstan("apply");
  }

  /** An Environment's {@code ssh:} block (indented for {@code spec}) for these hosts. */
  public String sshYaml() {
    return String.join(
        "\n",
        "  ssh:",
        "    privateKey: {file: " + hosts.privateKey() + "}",
        "    knownHosts: {file: " + hosts.knownHosts() + "}");
  }

  /** The body of a YAML flow list of hosts: {@code "a", "b"}. */
  public static String yamlList(List<?> targets) {
    return targets.stream().map(t -> "\"" + t + "\"").collect(Collectors.joining(", "));
  }

  private static void deleteTree(Path root) throws IOException {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              path -> {
                try {
                  Files.delete(path);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }
}
