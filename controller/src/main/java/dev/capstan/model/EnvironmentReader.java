package dev.capstan.model;

import dev.capstan.model.MapReader.Item;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads and checks the spec of an Environment document. */
final class EnvironmentReader {

  private static final Set<String> SPEC =
      Set.of(
          "application", "revision", "hosts", "ssh", "rollout", "driftInterval", "suspend");
  private static final Set<String> SSH = Set.of("privateKey", "knownHosts");
  private static final Set<String> ROLLOUT = Set.of("maxParallel");
  private static final SecretSource DEFAULT_PRIVATE_KEY =
      SecretSource.ofFile(SshSpec.DEFAULT_PRIVATE_KEY);
  private static final SecretSource DEFAULT_KNOWN_HOSTS =
      SecretSource.ofFile(SshSpec.DEFAULT_KNOWN_HOSTS);

  private EnvironmentReader() {}

  static EnvironmentSpec read(MapReader spec) {
    spec.allowOnly(SPEC);
    return new EnvironmentSpec(
        spec.requiredString("application", TextRules::nonEmptyVisible),
        spec.requiredString("revision", GitRevisions::check),
        hosts(spec),
        spec.mapping("ssh").map(EnvironmentReader::ssh).orElse(defaultSsh()),
        spec.mapping("rollout").map(EnvironmentReader::rollout).orElse(RolloutSpec.DEFAULT),
        spec.duration("driftInterval", EnvironmentSpec.DEFAULT_DRIFT_INTERVAL),
        spec.bool("suspend", false));
  }

  private static List<HostAddress> hosts(MapReader spec) {
    List<Item<HostAddress>> hosts = spec.list("hosts", true, HostAddressParser::parse);
    // Two entries reaching the same machine and port would share one deployPath.
    Map<String, Item<HostAddress>> seen = new HashMap<>();
    for (Item<HostAddress> host : hosts) {
      Item<HostAddress> first = seen.putIfAbsent(machine(host.value()), host);
      if (first != null) {
        spec.problemAt(
            host.at(),
            host.path(),
            "duplicate host: same host and port as " + first.path());
      }
    }
    return hosts.stream().map(Item::value).toList();
  }

  private static String machine(HostAddress host) {
    return host.isLocal() ? HostAddress.LOCAL : host.hostname().toLowerCase() + ":" + host.port();
  }

  private static SshSpec ssh(MapReader ssh) {
    ssh.allowOnly(SSH);
    return new SshSpec(
        SecretSources.read(ssh, "privateKey", DEFAULT_PRIVATE_KEY),
        SecretSources.read(ssh, "knownHosts", DEFAULT_KNOWN_HOSTS));
  }

  private static SshSpec defaultSsh() {
    return new SshSpec(DEFAULT_PRIVATE_KEY, DEFAULT_KNOWN_HOSTS);
  }

  private static RolloutSpec rollout(MapReader rollout) {
    rollout.allowOnly(ROLLOUT);
    return new RolloutSpec(rollout.integer("maxParallel", RolloutSpec.DEFAULT.maxParallel(), 1));
  }
}
