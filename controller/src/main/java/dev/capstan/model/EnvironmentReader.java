package dev.capstan.model;

import dev.capstan.model.MapReader.Item;
import dev.capstan.model.YamlNode.Mark;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads and checks the spec of an Environment document. */
final class EnvironmentReader {

  private static final Set<String> SPEC =
      Set.of(
          "application",
          "revision",
          "hosts",
          "ssh",
          "rollout",
          "driftInterval",
          "suspend",
          "pin",
          "veto",
          "windows",
          "notify",
          "promoteFrom");
  private static final Set<String> PROMOTE_FROM = Set.of("environment", "healthyFor");
  private static final Set<String> PIN = Set.of("commit", "reason", "setBy");
  private static final Set<String> SSH =
      Set.of("privateKey", "agent", "config", "proxyJump", "knownHosts");
  private static final Set<String> PASSPHRASE = Set.of("passphraseFile", "passphraseSecretRef");
  private static final Set<String> ROLLOUT = Set.of("maxParallel", "canary", "pause", "maxFailed");
  private static final SecretSource DEFAULT_PRIVATE_KEY =
      SecretSource.ofFile(SshSpec.DEFAULT_PRIVATE_KEY);
  private static final SecretSource DEFAULT_KNOWN_HOSTS =
      SecretSource.ofFile(SshSpec.DEFAULT_KNOWN_HOSTS);

  private EnvironmentReader() {}

  private static final Set<String> HOST = Set.of("host", "roles", "env");

  static EnvironmentSpec read(MapReader spec) {
    spec.allowOnly(SPEC);
    String application = spec.requiredString("application", TextRules::nonEmptyVisible);
    PromoteFrom promoteFrom =
        spec.mapping("promoteFrom").map(EnvironmentReader::promoteFrom).orElse(null);
    String revision = null;
    if (spec.has("promoteFrom") && spec.has("revision")) {
      spec.report("set revision or promoteFrom, not both");
    } else if (!spec.has("promoteFrom")) {
      revision = spec.requiredString("revision", GitRevisions::check);
    }
    List<HostSpec> hosts = hosts(spec);
    return new EnvironmentSpec(
        application,
        revision,
        hosts.stream().map(HostSpec::address).toList(),
        spec.mapping("ssh").map(EnvironmentReader::ssh).orElse(defaultSsh(spec)),
        spec.mapping("rollout").map(EnvironmentReader::rollout).orElse(RolloutSpec.DEFAULT),
        spec.duration("driftInterval", EnvironmentSpec.DEFAULT_DRIFT_INTERVAL),
        spec.bool("suspend", false),
        hosts,
        new PinState(
            spec.mapping("pin").map(EnvironmentReader::pin).orElse(null),
            spec.strings("veto", GitRevisions::commit).stream()
                .map(commit -> new Veto(commit, null))
                .toList()),
        WindowReader.read(spec),
        NotifyReader.read(spec),
        promoteFrom);
  }

  private static PromoteFrom promoteFrom(MapReader promote) {
    promote.allowOnly(PROMOTE_FROM);
    String source = promote.requiredString("environment", ResourceNames::subdomain);
    return source == null
        ? null
        : new PromoteFrom(source, promote.duration("healthyFor", java.time.Duration.ZERO));
  }

  private static Pin pin(MapReader pin) {
    pin.allowOnly(PIN);
    String commit = pin.requiredString("commit", GitRevisions::commit);
    String reason = pin.string("reason", null, TextRules::nonEmptyVisible);
    String setBy = pin.string("setBy", Pin.BY_SPEC, EnvironmentReader::setBy);
    return commit == null ? null : new Pin(commit, reason, setBy);
  }

  /** Each host: a plain {@code [user@]host[:port]}, or {@code {host, roles, env}}. */
  private static List<HostSpec> hosts(MapReader spec) {
    List<Item<HostSpec>> hosts = new java.util.ArrayList<>();
    for (MapReader.Field item : spec.items("hosts", true)) {
      if (item.value() instanceof YamlNode.Mapping) {
        spec.asMapping(item)
            .ifPresent(
                host -> {
                  host.allowOnly(HOST);
                  HostAddress address = host.requiredString("host", HostAddressParser::parse);
                  List<String> roles = host.strings("roles", EnvRules::name);
                  Map<String, String> env = RuntimeReader.env(host, "env");
                  if (address != null) {
                    hosts.add(
                        new Item<>(
                            new HostSpec(address, roles, env), item.path(), host.valueAt("host")));
                  }
                });
      } else {
        HostAddress address = spec.text(item, HostAddressParser::parse);
        if (address != null) {
          hosts.add(new Item<>(HostSpec.of(address), item.path(), item.keyAt()));
        }
      }
    }
    // Two entries reaching the same machine and port would share one deployPath.
    Map<String, Item<HostSpec>> seen = new HashMap<>();
    for (Item<HostSpec> host : hosts) {
      Item<HostSpec> first = seen.putIfAbsent(machine(host.value().address()), host);
      if (first != null) {
        spec.problemAt(
            host.at(), host.path(), "duplicate host: same host and port as " + first.path());
      }
    }
    return hosts.stream().map(Item::value).toList();
  }

  private static String machine(HostAddress host) {
    return host.isLocal() ? HostAddress.LOCAL : host.hostname().toLowerCase() + ":" + host.port();
  }

  /** Who set a pin: {@code pin} or {@code rollback} (the commands write it in Kubernetes mode). */
  private static String setBy(String text) {
    if (!text.equals(Pin.BY_PIN) && !text.equals(Pin.BY_ROLLBACK)) {
      throw new InvalidValueException("must be \"pin\" or \"rollback\"");
    }
    return text;
  }

  private static SshSpec ssh(MapReader ssh) {
    ssh.allowOnly(SSH);
    SecretSource privateKey = DEFAULT_PRIVATE_KEY;
    SecretSource passphrase = null;
    Map<String, SshSpec.Place> places = new HashMap<>();
    places.put("ssh", place(ssh, "", ssh.valueAt("")));
    if (ssh.has("privateKey")) {
      Optional<MapReader> key = ssh.mapping("privateKey");
      privateKey = key.map(k -> SecretSources.read(k, PASSPHRASE)).orElse(null);
      passphrase = key.map(EnvironmentReader::passphrase).orElse(null);
      key.ifPresent(
          k -> {
            places.put("privateKey", place(k, "file", k.valueAt("file")));
            places.put("passphrase", place(k, "passphraseFile", k.valueAt("passphraseFile")));
          });
    }
    SecretSource config = SecretSources.read(ssh, "config", null);
    if (config != null) { // a mapping, so reading it again reports nothing twice
      ssh.mapping("config")
          .ifPresent(c -> places.put("config", place(c, "file", c.valueAt("file"))));
    }
    SecretSource knownHosts = SecretSources.read(ssh, "knownHosts", DEFAULT_KNOWN_HOSTS);
    if (knownHosts != null && ssh.has("knownHosts")) {
      ssh.mapping("knownHosts")
          .ifPresent(k -> places.put("knownHosts", place(k, "file", k.valueAt("file"))));
    }
    Boolean agent = ssh.has("agent") ? ssh.bool("agent", false) : null;
    String proxyJump = ssh.string("proxyJump", null, EnvironmentReader::proxyJump);
    return new SshSpec(privateKey, passphrase, agent, config, proxyJump, knownHosts, places);
  }

  private static SecretSource passphrase(MapReader key) {
    boolean hasFile = key.has("passphraseFile");
    boolean hasRef = key.has("passphraseSecretRef");
    if (hasFile && hasRef) {
      key.report("must set at most one of passphraseFile or passphraseSecretRef");
      return null;
    }
    if (hasFile) {
      return SecretSource.ofFile(key.requiredString("passphraseFile", TextRules::nonEmpty));
    }
    if (hasRef) {
      return key.mapping("passphraseSecretRef").map(SecretSources::ref).orElse(null);
    }
    return null;
  }

  /** {@code none}, or comma-separated {@code [ssh://][user@]host[:port]} jump hosts. */
  private static String proxyJump(String text) {
    String jumps = text.strip();
    if (jumps.equalsIgnoreCase("none")) {
      return "none";
    }
    for (String hop : jumps.split(",", -1)) {
      String address = hop.strip();
      if (address.startsWith("ssh://")) {
        address = address.substring("ssh://".length());
      }
      if (address.isEmpty()) {
        throw new InvalidValueException(
            "must be \"none\" or comma-separated [user@]host[:port] jump hosts, with no empty one");
      }
      HostAddress parsed;
      try {
        parsed = HostAddressParser.parse(address);
      } catch (InvalidValueException e) {
        throw new InvalidValueException(
            "jump host " + Messages.quote(address) + ": " + e.getMessage());
      }
      if (parsed.isLocal()) {
        throw new InvalidValueException("\"local\" cannot be a jump host");
      }
    }
    return jumps;
  }

  private static SshSpec.Place place(MapReader reader, String key, Mark at) {
    return new SshSpec.Place(
        reader.file(),
        at.line(),
        at.column(),
        key.isEmpty() ? reader.pathOf("").replaceAll("\\.$", "") : reader.pathOf(key));
  }

  private static SshSpec defaultSsh(MapReader spec) {
    Map<String, SshSpec.Place> places = Map.of("ssh", place(spec, "hosts", spec.valueAt("hosts")));
    return new SshSpec(DEFAULT_PRIVATE_KEY, null, null, null, null, DEFAULT_KNOWN_HOSTS, places);
  }

  private static RolloutSpec rollout(MapReader rollout) {
    rollout.allowOnly(ROLLOUT);
    return new RolloutSpec(
        rollout.integer("maxParallel", RolloutSpec.DEFAULT.maxParallel(), 1),
        rollout.integer("canary", 0, 0),
        rollout.duration("pause", java.time.Duration.ZERO),
        rollout.integer("maxFailed", 0, 0));
  }
}
