package dev.capstan.kube;

import dev.capstan.kube.DesiredStateAssembler.Assembly;
import dev.capstan.model.DesiredState;
import dev.capstan.model.Environment;
import dev.capstan.model.HostAddress;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which Environments a shard reconciles: those whose host group (the set of its hosts) hashes to
 * it, so every Environment on the same hosts shares one replica and its SSH sessions. An invalid
 * Environment without a valid spec in force has no hosts known; it goes by its key.
 */
final class HostGroups {

  private HostGroups() {}

  static int shardOf(Environment environment, int shards) {
    List<String> hosts = environment.spec().hosts().stream().map(HostAddress::toString).toList();
    return ShardPlanner.shardOf(hosts, shards);
  }

  /** The part of {@code assembly} that {@code shard} of {@code shards} reconciles. */
  static Assembly slice(Assembly assembly, int shard, int shards) {
    Map<String, Environment> environments = new TreeMap<>();
    assembly
        .state()
        .environments()
        .forEach(
            (key, environment) -> {
              if (shardOf(environment, shards) == shard) {
                environments.put(key, environment);
              }
            });
    Map<String, String> invalid = new TreeMap<>();
    assembly
        .invalidEnvironments()
        .forEach(
            (key, problems) -> {
              Environment inForce = assembly.state().environments().get(key);
              boolean ours =
                  inForce != null
                      ? environments.containsKey(key)
                      : ShardPlanner.shardOf(List.of(key), shards) == shard;
              if (ours) {
                invalid.put(key, problems);
              }
            });
    return new Assembly(
        new DesiredState(assembly.state().applications(), environments),
        invalid,
        assembly.applications());
  }
}
