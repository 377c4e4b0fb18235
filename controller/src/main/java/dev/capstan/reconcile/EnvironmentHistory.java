package dev.capstan.reconcile;

import dev.capstan.host.HostConnector;
import dev.capstan.host.HostException;
import dev.capstan.host.RemoteHost;
import dev.capstan.host.SshCredentials;
import dev.capstan.model.Application;
import dev.capstan.model.Environment;
import dev.capstan.model.HostAddress;
import dev.capstan.release.ReleaseHistory;
import dev.capstan.release.ReleaseHistory.HostHistory;
import dev.capstan.release.ReleaseLayout;
import dev.capstan.remote.RemoteScript;
import dev.capstan.remote.ScriptOutput;
import dev.capstan.source.SourceException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Reads the release history of every host of an Environment ({@code capstan history}): one remote
 * command per host, in parallel, then the commits' subjects from the local mirror, never fetched.
 */
public final class EnvironmentHistory {

  static final Duration TIMEOUT = Duration.ofSeconds(30);

  /**
   * An Environment's history.
   *
   * @param subjectsError why no subject could be read from the mirror; null when they could
   */
  public record Report(String environment, List<HostHistory> hosts, String subjectsError) {}

  private final HostConnector connector;
  private final Sources sources;
  private final ExecutorService executor;

  EnvironmentHistory(HostConnector connector, Sources sources, ExecutorService executor) {
    this.connector = connector;
    this.sources = sources;
    this.executor = executor;
  }

  Report read(Environment environment, Application application, SshCredentials ssh) {
    ReleaseLayout layout = new ReleaseLayout(application.spec().deployPath());
    List<Future<HostHistory>> reads = new ArrayList<>();
    for (HostAddress address : environment.spec().hosts()) {
      reads.add(executor.submit(() -> readHost(address, ssh, layout)));
    }
    List<HostHistory> hosts = new ArrayList<>();
    for (int i = 0; i < reads.size(); i++) {
      hosts.add(await(reads.get(i), environment.spec().hosts().get(i).toString()));
    }
    Set<String> commits = new TreeSet<>();
    hosts.forEach(h -> commits.addAll(h.commits()));
    try {
      Map<String, String> subjects = sources.subjects(application, commits);
      return new Report(
          environment.name(), hosts.stream().map(h -> h.withSubjects(subjects)).toList(), null);
    } catch (SourceException e) {
      return new Report(environment.name(), hosts, e.getMessage());
    }
  }

  private HostHistory readHost(HostAddress address, SshCredentials ssh, ReleaseLayout layout) {
    try (RemoteHost host = connector.open(address, ssh)) {
      ScriptOutput output =
          RemoteScript.create().append(ReleaseHistory.fragment(layout)).run(host, TIMEOUT);
      if (!output.succeeded()) {
        return HostHistory.unreadable(
            address.toString(),
            "reading " + layout.deployPath() + " failed: " + output.stderrTail(5));
      }
      return ReleaseHistory.parse(address.toString(), output);
    } catch (HostException e) {
      return HostHistory.unreadable(address.toString(), e.getMessage());
    }
  }

  private static HostHistory await(Future<HostHistory> read, String host) {
    try {
      return read.get();
    } catch (ExecutionException e) {
      return HostHistory.unreadable(host, String.valueOf(e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return HostHistory.unreadable(host, "interrupted");
    }
  }
}
