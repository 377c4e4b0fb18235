package dev.capstan.testing;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.TestInfo;

/**
 * What an end-to-end test class deploys with: real sshd hosts that share one deploy mount, a
 * real Git repository, and a deploy folder of its own for each test, named after the test so
 * that its hosts' files are easy to find when it fails.
 */
public final class Fleet implements AutoCloseable {

  private final String mount;
  private final SshdHosts hosts;
  private final GitRepo repo;
  private String deployName;

  private Fleet(String mount, SshdHosts hosts, GitRepo repo) {
    this.mount = mount;
    this.hosts = hosts;
    this.repo = repo;
  }

  /** Starts {@code count} hosts, each with its own folder bound at {@code mount}, and a repository. */
  public static Fleet start(int count, String mount, Path repoDir) {
    SshdHosts hosts = SshdHosts.builder().count(count).bindAt(mount).start();
    try {
      return new Fleet(mount, hosts, GitRepo.init(repoDir));
    } catch (RuntimeException e) {
      hosts.close();
      throw e;
    }
  }

  /** Names this test's deploy folder; call it from {@code @BeforeEach}. */
  public void beginTest(TestInfo test) {
    deployName = test.getTestMethod().orElseThrow().getName();
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

  /** The body of a YAML flow list of hosts: {@code "a", "b"}. */
  public static String yamlList(List<?> targets) {
    return targets.stream().map(t -> "\"" + t + "\"").collect(Collectors.joining(", "));
  }

  @Override
  public void close() {
    try {
      repo.close();
    } finally {
      hosts.close();
    }
  }
}
