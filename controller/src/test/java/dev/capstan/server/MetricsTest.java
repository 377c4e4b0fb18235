package dev.capstan.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.testing.PrometheusText;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class MetricsTest {

  private final Metrics metrics = new Metrics();

  @Test
  void everyFamilyKeepsItsNameTypeHelpAndLabelsInNameOrder() {
    MetricCatalog.recordOneOfEach(metrics);

    PrometheusText text = PrometheusText.parse(metrics.scrape());

    assertEquals(
        MetricCatalog.FAMILIES.stream().map(MetricCatalog.Family::name).toList(),
        List.copyOf(text.families().keySet()));
    for (MetricCatalog.Family expected : MetricCatalog.FAMILIES) {
      PrometheusText.Family family = text.family(expected.name());
      assertEquals(expected.type(), family.type(), expected.name());
      assertEquals(expected.help(), family.help(), expected.name());
      for (PrometheusText.Sample sample : family.samples()) {
        List<String> labels = new ArrayList<>(expected.labels());
        if (sample.name().endsWith("_bucket")) {
          labels.add("le");
        }
        assertEquals(labels, List.copyOf(sample.labels().keySet()), sample.toString());
      }
    }
    List<String> buckets =
        text.samples("capstan_reconcile_duration_seconds_bucket").stream()
            .map(s -> s.label("le"))
            .toList();
    assertEquals(MetricCatalog.DURATION_BUCKETS, buckets);
  }

  @Test
  void backupsShowWhenTheLastOneWasTakenAndVerifiedAndCountFailures() {
    metrics.backedUp("prod", true, true, false, java.time.Instant.ofEpochSecond(1_800_000_000));
    metrics.backedUp("prod", true, false, true, java.time.Instant.ofEpochSecond(1_800_000_060));
    metrics.backedUp("prod", false, false, true, java.time.Instant.ofEpochSecond(1_800_000_120));

    PrometheusText text = PrometheusText.parse(metrics.scrape());

    assertEquals(
        1_800_000_060,
        text.value("capstan_backup_last_success_timestamp_seconds", "environment", "prod"));
    assertEquals(
        1_800_000_000,
        text.value("capstan_backup_last_verified_timestamp_seconds", "environment", "prod"));
    assertEquals(2, text.value("capstan_backup_failures_total", "environment", "prod"));
  }

  @Test
  void eachDependencyCheckReplacesTheVulnerableAndOutdatedCountsUntilForgotten() {
    metrics.dependencies("prod", 2, 5);
    metrics.dependencies("prod", 1, 3);

    PrometheusText text = PrometheusText.parse(metrics.scrape());
    assertEquals(1, text.value("capstan_vulnerable_packages", "environment", "prod"));
    assertEquals(3, text.value("capstan_outdated_packages", "environment", "prod"));

    metrics.forget("prod");
    assertFalse(metrics.scrape().contains("capstan_vulnerable_packages{"), metrics.scrape());
  }

  @Test
  void aFreshRegistryCountsNoEnvironment() {
    PrometheusText text = PrometheusText.parse(metrics.scrape());

    // The client writes a labelled family from its first sample on.
    assertEquals(List.of("capstan_environments"), List.copyOf(text.families().keySet()));
    assertEquals(0, text.value("capstan_environments"));
  }

  @Test
  void countsReconcilesByResultAndBucketsTheirDuration() {
    metrics.reconciled("prod", Duration.ofMillis(200), true);
    metrics.reconciled("prod", Duration.ofSeconds(3), true);
    metrics.reconciled("prod", Duration.ofSeconds(700), false);
    metrics.reconciled("staging", Duration.ofSeconds(4000), true);

    PrometheusText text = PrometheusText.parse(metrics.scrape());

    assertEquals(
        2, text.value("capstan_reconciles_total", "environment", "prod", "result", "success"));
    assertEquals(
        1, text.value("capstan_reconciles_total", "environment", "prod", "result", "failure"));
    String bucket = "capstan_reconcile_duration_seconds_bucket";
    assertEquals(0, text.value(bucket, "environment", "prod", "le", "0.1"));
    assertEquals(1, text.value(bucket, "environment", "prod", "le", "0.25"));
    assertEquals(2, text.value(bucket, "environment", "prod", "le", "5.0"));
    assertEquals(2, text.value(bucket, "environment", "prod", "le", "600.0"));
    assertEquals(3, text.value(bucket, "environment", "prod", "le", "1800.0"));
    assertEquals(3, text.value(bucket, "environment", "prod", "le", "+Inf"));
    assertEquals(3, text.value("capstan_reconcile_duration_seconds_count", "environment", "prod"));
    assertEquals(
        703.2, text.value("capstan_reconcile_duration_seconds_sum", "environment", "prod"), 1e-9);
    // Slower than the largest bound: only the +Inf bucket counts it.
    assertEquals(0, text.value(bucket, "environment", "staging", "le", "1800.0"));
    assertEquals(1, text.value(bucket, "environment", "staging", "le", "+Inf"));
  }

  @Test
  void countsDeploysRollbacksAndDriftCorrections() {
    metrics.deployed("prod");
    metrics.deployed("prod");
    metrics.rolledBack("prod");
    metrics.driftCorrected("prod", "SymlinkChanged");
    metrics.driftCorrected("prod", "SymlinkChanged");
    metrics.driftCorrected("prod", "ServiceDown");

    PrometheusText text = PrometheusText.parse(metrics.scrape());

    assertEquals(2, text.value("capstan_deploys_total", "environment", "prod"));
    assertEquals(1, text.value("capstan_rollbacks_total", "environment", "prod"));
    String drift = "capstan_drift_corrections_total";
    assertEquals(2, text.value(drift, "environment", "prod", "reason", "SymlinkChanged"));
    assertEquals(1, text.value(drift, "environment", "prod", "reason", "ServiceDown"));
  }

  @Test
  void escapesBackslashesQuotesAndNewlinesInLabelValues() {
    metrics.driftCorrected("prod", "a\\b\"c\nd");

    String scrape = metrics.scrape();

    assertTrue(
        scrape.contains("reason=\"a\\\\b\\\"c\\nd\"} 1.0\n"), () -> "escaped label in:\n" + scrape);
    PrometheusText text = PrometheusText.parse(scrape);
    assertEquals(
        1,
        text.value(
            "capstan_drift_corrections_total", "environment", "prod", "reason", "a\\b\"c\nd"));
  }

  @Test
  void hostStatesReplaceTheEnvironmentsPreviousCounts() {
    metrics.hostStates("prod", Map.of("converged", 1, "building", 2));
    metrics.hostStates("staging", Map.of("converged", 1));
    metrics.hostStates("prod", Map.of("converged", 3));

    PrometheusText text = PrometheusText.parse(metrics.scrape());

    assertEquals(3, text.value("capstan_hosts", "environment", "prod", "state", "converged"));
    assertFalse(text.has("capstan_hosts", "environment", "prod", "state", "building"));
    assertEquals(1, text.value("capstan_hosts", "environment", "staging", "state", "converged"));
  }

  @Test
  void forgettingAnEnvironmentDropsItsGaugesAndKeepsItsCounters() {
    metrics.hostStates("prod", Map.of("converged", 2));
    metrics.hostStates("staging", Map.of("converged", 1));
    metrics.deployed("prod");
    assertEquals(2, PrometheusText.parse(metrics.scrape()).value("capstan_environments"));

    metrics.forget("prod");

    PrometheusText text = PrometheusText.parse(metrics.scrape());
    assertEquals(1, text.value("capstan_environments"));
    assertFalse(text.has("capstan_hosts", "environment", "prod", "state", "converged"));
    assertEquals(1, text.value("capstan_hosts", "environment", "staging", "state", "converged"));
    assertEquals(1, text.value("capstan_deploys_total", "environment", "prod"));
  }

  @Test
  void rendersTheSameTextWhateverTheOrderOfEvents() {
    Metrics other = new Metrics();
    metrics.deployed("b");
    metrics.deployed("a");
    metrics.hostStates("a", Map.of("y", 1, "x", 2));
    other.hostStates("a", Map.of("x", 2, "y", 1));
    other.deployed("a");
    other.deployed("b");

    assertEquals(metrics.scrape(), other.scrape());
  }

  @Test
  void writesTheExpositionFormatExactly() {
    metrics.deployed("prod");
    metrics.hostStates("prod", Map.of("converged", 2));

    String scrape = metrics.scrape();

    assertTrue(
        scrape.startsWith(
            "# HELP capstan_deploys_total Rollouts that made a new release live.\n"
                + "# TYPE capstan_deploys_total counter\n"
                + "capstan_deploys_total{environment=\"prod\"} 1.0\n"
                + "# HELP capstan_environments "),
        scrape);
    assertTrue(
        scrape.contains(
            "# TYPE capstan_environments gauge\n"
                + "capstan_environments 1.0\n"
                + "# HELP capstan_hosts Hosts of an environment by state, as last observed.\n"
                + "# TYPE capstan_hosts gauge\n"
                + "capstan_hosts{environment=\"prod\",state=\"converged\"} 2.0\n"),
        scrape);
  }

  @Test
  void theServerAnnouncesTheContentTypeTheClientWrites() {
    assertEquals(PrometheusTextFormatWriter.CONTENT_TYPE, ControllerServer.METRICS_CONTENT_TYPE);
  }

  @Test
  void concurrentEventsAreAllCountedAndEveryScrapeIsConsistent() throws Exception {
    int threads = 8;
    int perThread = 500;
    ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
    try {
      List<Future<?>> writers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        writers.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    metrics.reconciled("prod", Duration.ofMillis(i), i % 2 == 0);
                  }
                }));
      }
      // Parsing checks that +Inf equals _count in every scrape taken while writers run.
      Future<?> scraper =
          pool.submit(
              () -> {
                while (writers.stream().anyMatch(w -> !w.isDone())) {
                  PrometheusText.parse(metrics.scrape());
                }
              });
      for (Future<?> writer : writers) {
        writer.get();
      }
      scraper.get();
    } finally {
      pool.shutdownNow();
    }

    PrometheusText text = PrometheusText.parse(metrics.scrape());
    assertEquals(
        threads * perThread,
        text.value("capstan_reconcile_duration_seconds_count", "environment", "prod"));
    assertEquals(
        threads * perThread / 2,
        text.value("capstan_reconciles_total", "environment", "prod", "result", "failure"));
  }

  @Test
  void refusesANegativeDuration() {
    assertThrows(
        IllegalArgumentException.class,
        () -> metrics.reconciled("prod", Duration.ofSeconds(-1), true));
  }
}
