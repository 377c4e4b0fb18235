package dev.capstan.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.model.Pin;
import dev.capstan.model.Veto;
import dev.capstan.reconcile.BackupStatus;
import dev.capstan.reconcile.Condition;
import dev.capstan.reconcile.ConditionStatus;
import dev.capstan.reconcile.EnvironmentHistory;
import dev.capstan.reconcile.EnvironmentStatus;
import dev.capstan.reconcile.HostState;
import dev.capstan.reconcile.HostStatus;
import dev.capstan.reconcile.Reason;
import dev.capstan.release.ReleaseHistory;
import dev.capstan.services.ServiceState;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusPageTest {

  private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
  private static final String GOOD = "3f2a9c1d0e";
  private static final String BAD = "badc0ffee1";

  @Test
  void thePhaseFollowsTheConditionsDegradedFirst() {
    assertEquals(
        "Degraded",
        StatusPageModel.phaseOf(conditions(true, true, true)),
        "a broken host outweighs moving ones");
    assertEquals("Ready", StatusPageModel.phaseOf(conditions(true, false, false)));
    assertEquals("Progressing", StatusPageModel.phaseOf(conditions(false, true, false)));
    assertEquals("Stalled", StatusPageModel.phaseOf(conditions(false, false, false)));
    assertEquals("Unknown", StatusPageModel.phaseOf(List.of()));
  }

  @Test
  void aFailedRolloutShowsItsReasonOnTheEnvironmentAndTheHost() {
    StatusPageModel.Env env =
        StatusPageModel.of(List.of(failed()), List.of(), NOW).environments().get(0);

    assertEquals("Degraded", env.phase());
    assertEquals("RolledBack: web-2: health check failed: HTTP 500", env.why());
    assertEquals("badc0ff", env.failedCommit());
    StatusPageModel.HostView host = env.hosts().get(1);
    assertEquals("RolledBack", host.state());
    assertEquals("health check failed: HTTP 500", host.message());

    String html = render(failed());
    assertTrue(html.contains("RolledBack: web-2: health check failed: HTTP 500"), html);
    assertTrue(html.contains("<span class=\"badge degraded\">Degraded</span>"), html);
    assertTrue(html.contains("<meta http-equiv=\"refresh\" content=\"5\">"), html);
  }

  @Test
  void namesAndReasonsFromUsersAreEscaped() {
    EnvironmentStatus status =
        new EnvironmentStatus(
            "shop<b>",
            "main",
            GOOD,
            null,
            List.of(
                condition(Condition.READY, false, Reason.BuildFailed, "<script>alert(1)</script>"),
                condition(Condition.PROGRESSING, false, Reason.BuildFailed, ""),
                condition(
                    Condition.DEGRADED, true, Reason.BuildFailed, "<script>alert(1)</script>")),
            List.of(host("web-1", HostState.Failed, "<img src=x onerror=alert(2)>")),
            null,
            NOW,
            new Pin(GOOD, "\"quoted\" & <i>", Pin.BY_PIN),
            List.of(new Veto(BAD, "</td><script>")),
            null);

    String html = render(status);

    assertFalse(html.contains("<script>"), html);
    assertFalse(html.contains("<img"), html);
    assertFalse(html.contains("shop<b>"), html);
    assertFalse(html.contains("<i>"), html);
    assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), html);
    assertTrue(html.contains("shop&lt;b&gt;"), html);
    assertTrue(html.contains("&quot;quoted&quot; &amp; &lt;i&gt;"), html);
  }

  @Test
  void hostsShowReleasesServicesDriftAndTheirHistory() {
    ReleaseHistory.Entry live =
        new ReleaseHistory.Entry(
            "20261202095900-3f2a9c1",
            GOOD,
            "Add the <cart>",
            NOW.minusSeconds(90),
            "complete",
            true,
            NOW.minusSeconds(60),
            null,
            "controller",
            "rollout");
    EnvironmentHistory.Report history =
        new EnvironmentHistory.Report(
            "shop",
            List.of(
                new ReleaseHistory.HostHistory("web-1", null, List.of(live)),
                ReleaseHistory.HostHistory.unreadable("web-2", "connection refused")),
            null);

    StatusPageModel.Page page = StatusPageModel.of(List.of(failed()), List.of(history), NOW);
    StatusPageModel.Env env = page.environments().get(0);

    assertTrue(env.historyKnown());
    assertEquals("2026-12-02 09:59:00 UTC", env.hosts().get(0).releases().get(0).switchedAt());
    assertEquals("connection refused", env.hosts().get(1).historyError());
    assertEquals(
        "last corrected 2026-12-02 09:50:00 UTC: gunicorn was down (2 corrections)",
        env.hosts().get(0).drift());
    assertNull(env.hosts().get(1).drift());
    String html = StatusPage.render(page);
    assertTrue(html.contains("20261202095900-3f2a9c1"), html);
    assertTrue(html.contains("Add the &lt;cart&gt;"), html);
    assertTrue(html.contains("connection refused"), html);
    assertTrue(html.contains("gunicorn"), html);
    assertTrue(html.contains("last verified <b>db-20261202</b>"), html);
    assertTrue(html.contains("last reconcile <b>2026-12-02 09:59:30 UTC (30s ago)</b>"), html);
  }

  @Test
  void anEmptyControllerSaysSo() {
    String html = StatusPage.render(StatusPageModel.of(List.of(), List.of(), NOW));
    assertTrue(html.contains("No environment is known yet"), html);
    assertTrue(html.contains("0 environments"), html);
  }

  private static String render(EnvironmentStatus status) {
    return StatusPage.render(StatusPageModel.of(List.of(status), List.of(), NOW));
  }

  /** Two hosts: web-1 kept the good release, web-2 rolled back from a failing health check. */
  private static EnvironmentStatus failed() {
    String why = "web-2: health check failed: HTTP 500";
    HostStatus web1 =
        new HostStatus(
            "web-1",
            "20261202095900-3f2a9c1",
            GOOD,
            HostState.Ready,
            Reason.Converged,
            null,
            null,
            null,
            NOW.minusSeconds(600),
            "gunicorn was down",
            2,
            List.of(
                new ServiceState(
                    "gunicorn",
                    ServiceState.State.RUNNING,
                    "20261202095900-3f2a9c1",
                    List.of(7L))));
    HostStatus web2 =
        new HostStatus(
            "web-2",
            "20261202095900-3f2a9c1",
            GOOD,
            HostState.RolledBack,
            Reason.RolledBack,
            "health check failed: HTTP 500",
            BAD,
            "health check failed: HTTP 500",
            null,
            null,
            0);
    BackupStatus.Entry backup =
        new BackupStatus.Entry("db-20261202", "2026-12-02T09:00:00Z", "verified");
    return new EnvironmentStatus(
            "shop",
            "main",
            GOOD,
            BAD,
            List.of(
                condition(Condition.READY, false, Reason.RolledBack, why),
                condition(Condition.PROGRESSING, false, Reason.RolledBack, why),
                condition(Condition.DEGRADED, true, Reason.RolledBack, why)),
            List.of(web1, web2),
            null,
            NOW.minusSeconds(30))
        .withBackups(new BackupStatus(backup, backup));
  }

  private static HostStatus host(String name, HostState state, String message) {
    return new HostStatus(
        name, null, null, state, Reason.BuildFailed, message, null, message, null, null, 0);
  }

  private static List<Condition> conditions(boolean ready, boolean progressing, boolean degraded) {
    return List.of(
        condition(Condition.READY, ready, Reason.Converged, ""),
        condition(Condition.PROGRESSING, progressing, Reason.OutOfSync, ""),
        condition(Condition.DEGRADED, degraded, Reason.Healthy, ""));
  }

  private static Condition condition(String type, boolean status, Reason reason, String message) {
    return new Condition(type, ConditionStatus.of(status), reason, message, NOW.minusSeconds(120));
  }
}
