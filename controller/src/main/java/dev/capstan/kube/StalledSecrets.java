package dev.capstan.kube;

import dev.capstan.reconcile.Reason;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Secret problems no retry can fix (a Secret or a key that is missing, a key that cannot be
 * used), by the Environment or Application whose spec names the Secret: until the Secret or the
 * spec changes, status says Progressing=False with reason SecretMissing instead of a rollout that
 * is under way. Filled while a pass reads its Secrets, cleared when they read well again.
 */
final class StalledSecrets {

  /** The condition reason while a Secret an Environment needs is missing or unusable. */
  static final String REASON = Reason.SecretMissing.name();

  private final Map<String, String> environments = new ConcurrentHashMap<>();
  private final Map<String, String> configFiles = new ConcurrentHashMap<>();
  private final Map<String, String> applications = new ConcurrentHashMap<>();

  /** A problem with one of the Environment's SSH secrets; null when they read well. */
  void environment(String key, String problem) {
    put(environments, key, problem);
  }

  /**
   * A problem with a Secret the Environment's config files come from; null when they read well.
   * Kept apart from the SSH secrets' because the two are read at different moments of a pass and
   * each must clear only its own.
   */
  void configFiles(String environmentKey, String problem) {
    put(configFiles, environmentKey, problem);
  }

  void application(String key, String problem) {
    put(applications, key, problem);
  }

  /**
   * The problem that stalls an Environment: one of its own SSH Secrets, else one its config files
   * come from, else one of its Application's (a repository credential); null when there is none.
   */
  String of(String environmentKey, String applicationKey) {
    String own = environments.get(environmentKey);
    if (own == null) {
      own = configFiles.get(environmentKey);
    }
    return own != null || applicationKey == null ? own : applications.get(applicationKey);
  }

  private static void put(Map<String, String> map, String key, String problem) {
    if (problem == null) {
      map.remove(key);
    } else {
      map.put(key, problem);
    }
  }
}
