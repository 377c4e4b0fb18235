package dev.capstan.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options of {@code capstan run --kubernetes}. Plain picocli: nothing here touches fabric8, so
 * file mode never loads a Kubernetes class.
 */
final class KubernetesOptions {

  @Option(
      names = "--kubernetes",
      description = "Kubernetes mode: reconcile Application and Environment custom resources.")
  boolean enabled;

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NS",
      description =
          "A namespace to watch (repeatable; default: env POD_NAMESPACE, else the"
              + " kubeconfig's namespace).")
  List<String> namespaces = new ArrayList<>();

  @Option(
      names = {"-A", "--all-namespaces"},
      description = "Watch every namespace.")
  boolean allNamespaces;

  @Option(
      names = "--leader-elect",
      arity = "0..1",
      paramLabel = "true|false",
      defaultValue = "true",
      fallbackValue = "true",
      description = "Only the holder of a Lease reconciles (default: ${DEFAULT-VALUE}).")
  boolean leaderElect;

  @Option(
      names = "--lease-name",
      paramLabel = "NAME",
      defaultValue = "capstan-controller",
      description = "The Lease for leader election (default: ${DEFAULT-VALUE}).")
  String leaseName;

  @Option(
      names = "--lease-namespace",
      paramLabel = "NS",
      description = "The Lease's namespace (default: env POD_NAMESPACE, else the kubeconfig's).")
  String leaseNamespace;

  @Option(
      names = "--lease-duration",
      paramLabel = "SECONDS",
      defaultValue = "15",
      hidden = true,
      description = "How long a Lease lasts without renewal: the longest a takeover waits.")
  double leaseDurationSeconds;

  @Option(
      names = "--renew-deadline",
      paramLabel = "SECONDS",
      defaultValue = "10",
      hidden = true,
      description = "How long the leader tries to renew before it steps down.")
  double renewDeadlineSeconds;

  @Option(
      names = "--retry-period",
      paramLabel = "SECONDS",
      defaultValue = "2",
      hidden = true,
      description = "How often the Lease is renewed or tried for.")
  double retryPeriodSeconds;

  @Option(
      names = "--secret-poll",
      paramLabel = "SECONDS",
      defaultValue = "15",
      hidden = true,
      description = "How often the Secrets that specs name are looked at for changes.")
  double secretPollSeconds;

  @Option(
      names = "--shards",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "Split the Environments among the live replicas in N shards, one Lease each, by host"
              + " group (0, the default: one leader does all).")
  int shards;

  /** Refuses Kubernetes options in file mode and contradictions in Kubernetes mode. */
  void check() throws UsageException {
    boolean kubernetesOnly =
        !namespaces.isEmpty() || allNamespaces || leaseNamespace != null || shards != 0;
    if (!enabled && kubernetesOnly) {
      throw new UsageException(
          "--namespace, --all-namespaces, --lease-namespace and --shards need --kubernetes");
    }
    if (allNamespaces && !namespaces.isEmpty()) {
      throw new UsageException("--all-namespaces and --namespace cannot be used together");
    }
    if (leaseDurationSeconds <= renewDeadlineSeconds
        || renewDeadlineSeconds <= retryPeriodSeconds
        || retryPeriodSeconds <= 0) {
      throw new UsageException(
          "leader election needs lease duration > renew deadline > retry period > 0");
    }
    if (shards < 0 || shards > 1024) {
      throw new UsageException("--shards must be between 0 and 1024, not " + shards);
    }
    if (shards > 0 && !leaderElect) {
      throw new UsageException("--shards needs leader election (--leader-elect=true)");
    }
    if (secretPollSeconds <= 0) {
      throw new UsageException("--secret-poll must be more than 0 seconds");
    }
  }
}
