package dev.capstan.bench;

import dev.capstan.testing.SshdHosts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The first {@code size} of the benchmark's hosts: real OpenSSH servers on 127.0.0.1, each in its
 * own mount namespace bound at one mount point, so that each sees its own folder there, where every
 * tool has its own deploy folder. Whoever started the hosts stops them.
 */
final class HostSlice {

  private final SshdHosts hosts;
  private final String mountPoint;
  private final int size;

  HostSlice(SshdHosts hosts, String mountPoint, int size) {
    if (size < 1 || size > hosts.size()) {
      throw new IllegalArgumentException("a slice of " + size + " of " + hosts.size() + " hosts");
    }
    this.hosts = hosts;
    this.mountPoint = mountPoint;
    this.size = size;
  }

  static SshdHosts startHosts(int count, String mountPoint) {
    return SshdHosts.builder().count(count).bindAt(mountPoint).start();
  }

  int size() {
    return size;
  }

  /** {@code 127.0.0.1:PORT} of each host. */
  List<String> hostPorts() {
    return IntStream.range(0, size()).mapToObj(i -> "127.0.0.1:" + hosts.host(i).port()).toList();
  }

  /** {@code root@127.0.0.1:PORT} of each host. */
  List<String> logins() {
    return hostPorts().stream().map(h -> "root@" + h).toList();
  }

  Path privateKey() {
    return hosts.privateKey();
  }

  Path knownHosts() {
    return hosts.knownHosts();
  }

  /** The absolute path, as every host sees it, of a deploy folder. */
  String deployPath(String folder) {
    return mountPoint + "/" + folder;
  }

  /** Removes a deploy folder on every host: the next deploy there is a first deploy. */
  void wipe(String folder) {
    for (int i = 0; i < size(); i++) {
      deleteRecursively(hosts.host(i).hostDir().resolve(folder));
    }
  }

  /**
   * Fails unless every host runs {@code commit} live and activated in {@code folder}: checked on
   * the hosts' files, independently of what the tool reported.
   */
  void expectLive(String folder, String commit, String after) {
    expectLive(folder, commit, after, allHosts());
  }

  /** {@link #expectLive} on some of the hosts, by index. */
  void expectLive(String folder, String commit, String after, List<Integer> hostIndexes) {
    List<String> problems = problems(folder, commit, hostIndexes);
    if (!problems.isEmpty()) {
      throw new BenchFailure(
          after
              + " claimed success but not every host runs "
              + commit
              + ":\n  "
              + String.join("\n  ", problems));
    }
  }

  /** Whether {@link #expectLive} would pass, for waiting on a controller. */
  boolean live(String folder, String commit, List<Integer> hostIndexes) {
    return problems(folder, commit, hostIndexes).isEmpty();
  }

  List<Integer> allHosts() {
    return IntStream.range(0, size()).boxed().toList();
  }

  private List<String> problems(String folder, String commit, List<Integer> hostIndexes) {
    List<String> problems = new ArrayList<>();
    for (int i : hostIndexes) {
      Optional<String> problem =
          LiveRelease.problem(hosts.host(i).hostDir(), mountPoint, folder, commit);
      String host = "host " + i + " (" + hostPorts().get(i) + "): ";
      problem.ifPresent(p -> problems.add(host + p));
    }
    return problems;
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + dir, e);
    }
  }
}
