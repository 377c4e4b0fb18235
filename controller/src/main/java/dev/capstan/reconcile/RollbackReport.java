package dev.capstan.reconcile;

import dev.capstan.migrations.MigrationPlan;
import dev.capstan.release.RollbackOutcome;
import java.util.List;

/**
 * How a rollback of one Environment went ({@code capstan rollback}).
 *
 * @param commit the commit the Environment was rolled back to, null when no host could
 * @param leaving the commit it left (vetoed), null when unknown
 * @param hosts every host tried, in order; hosts of later batches are absent after a failure
 * @param toConverge hosts a regular pass had to bring to {@code commit}: those without its release,
 *     and first-batch hosts that picked another commit
 * @param error why it did not roll back everywhere, or null
 * @param converged that pass, null when none was needed
 */
public record RollbackReport(
    String environment,
    String commit,
    String leaving,
    List<Host> hosts,
    List<String> toConverge,
    String error,
    RolloutReport converged) {

  public RollbackReport {
    hosts = List.copyOf(hosts);
    toConverge = List.copyOf(toConverge);
  }

  /**
   * One host's part: its outcome, or why it could not be reached.
   *
   * @param migrations on the migrating host, what the database's migrations needed (reversed, or
   *     refused); null elsewhere, or when the release lacked none
   */
  public record Host(String host, RollbackOutcome outcome, String error, MigrationPlan migrations) {

    public boolean rolledBack() {
      return outcome != null && outcome.rolledBack();
    }

    public String commit() {
      return outcome == null ? null : outcome.commit();
    }

    /** A host that failed or stayed locked stops the batches after it, as a rollout does. */
    boolean stops() {
      return error != null
          || outcome.result() == RollbackOutcome.Result.FAILED
          || outcome.result() == RollbackOutcome.Result.BUSY
          || outcome.result() == RollbackOutcome.Result.MIGRATIONS_TO_REVERSE;
    }
  }

  /** Whether every host runs {@code commit} now. */
  public boolean rolledBack() {
    return error == null && commit != null && (converged == null || converged.converged());
  }

  /** The migrating host's migration plan, if the release lacked any migrations. */
  public MigrationPlan migrations() {
    return hosts.stream()
        .map(Host::migrations)
        .filter(java.util.Objects::nonNull)
        .findFirst()
        .orElse(null);
  }

  RollbackReport withConverged(RolloutReport pass) {
    return new RollbackReport(environment, commit, leaving, hosts, toConverge, error, pass);
  }
}
