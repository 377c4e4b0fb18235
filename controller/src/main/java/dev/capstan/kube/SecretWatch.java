package dev.capstan.kube;

import dev.capstan.model.Application;
import dev.capstan.model.ConfigFileSpec;
import dev.capstan.model.DesiredState;
import dev.capstan.model.Environment;
import dev.capstan.model.SecretSource;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices changed Secrets without list or watch rights: each poll GETs every Secret the desired
 * state names and compares its resourceVersion with the one last seen (by a reconcile or a poll); a
 * Secret created, changed or deleted requeues the Environments that name it.
 */
final class SecretWatch {

  private static final Logger LOG = LoggerFactory.getLogger(SecretWatch.class);

  private final SecretReader secrets;
  private final BiConsumer<String, String> requeue;
  private volatile Map<String, Set<String>> environmentsBySecret = Map.of();

  /**
   * @param requeue called with an Environment key and the trigger {@code secret-change}
   */
  SecretWatch(SecretReader secrets, BiConsumer<String, String> requeue) {
    this.secrets = secrets;
    this.requeue = requeue;
  }

  /** The Secrets this desired state names, and by which Environments. */
  void desiredState(DesiredState state) {
    Map<String, Set<String>> bySecret = new HashMap<>();
    for (Environment environment : state.environments().values()) {
      Application application = state.applicationOf(environment);
      Stream.concat(
              Stream.of(
                  environment.spec().ssh().privateKey(),
                  environment.spec().ssh().knownHosts(),
                  environment.spec().ssh().passphrase(),
                  environment.spec().ssh().config(),
                  application.spec().repository().credentials()),
              application.spec().runtime().configFiles().stream().map(ConfigFileSpec::source))
          .filter(Objects::nonNull)
          .map(SecretSource::secretRef)
          .filter(Objects::nonNull)
          .forEach(
              ref ->
                  bySecret
                      .computeIfAbsent(
                          Keys.qualify(Keys.namespace(environment.name()), ref.name()),
                          k -> new HashSet<>())
                      .add(environment.name()));
    }
    environmentsBySecret = Map.copyOf(bySecret);
  }

  /** One look at every named Secret. */
  void poll() {
    environmentsBySecret.forEach(
        (secret, environments) -> {
          String namespace = Keys.namespace(secret);
          String name = Keys.name(secret);
          String before = secrets.version(namespace, name);
          try {
            secrets.refresh(namespace, name);
          } catch (SecretReader.SecretException e) {
            LOG.warn("{}", e.getMessage());
            return;
          }
          String now = secrets.version(namespace, name);
          if (before != null && !before.equals(now)) {
            LOG.info(
                "Secret {} {}: reconciling {}",
                secret,
                SecretReader.ABSENT.equals(now) ? "deleted" : "created or changed",
                environments);
            environments.forEach(environment -> requeue.accept(environment, "secret-change"));
          }
        });
  }
}
