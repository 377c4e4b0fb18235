package dev.capstan.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.release.Action.BuildRelease;
import dev.capstan.release.Action.LinkShared;
import dev.capstan.release.Action.RemoveRelease;
import dev.capstan.release.Action.RepairVirtualenv;
import dev.capstan.release.Action.SwitchRelease;
import dev.capstan.release.Action.Why;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Table tests for the pure planner: given this host and this desire, these actions. No I/O. */
class ReleasePlannerTest {

  private static final String C1 = "1111111aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
  private static final String C2 = "2222222bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
  private static final String C3 = "3333333ccccccccccccccccccccccccccccccccc";
  private static final String RECIPE = "abcdef012345";
  private static final String OTHER_RECIPE = "999999999999";
  private static final DesiredRelease WANT_C2 = new DesiredRelease(C2, RECIPE);
  private static final Instant NOW = Instant.parse("2026-11-21T12:30:45Z");
  private static final String NEW_C2 = "20261121123045-2222222";

  private static final String R1 = "20261101000000-1111111";
  private static final String R2 = "20261102000000-2222222";
  private static final String R3 = "20261103000000-3333333";

  static Stream<Arguments> table() {
    return Stream.of(
        row(
            "fresh host: build, then switch with nothing to roll back to",
            host(null),
            List.of(new BuildRelease(NEW_C2, WANT_C2), new SwitchRelease(NEW_C2, null))),
        row("in sync: nothing to do", host(R2, complete(R1, C1), complete(R2, C2)), List.of()),
        row(
            "desired release missing: build it, switch from the live one",
            host(R1, complete(R1, C1)),
            List.of(new BuildRelease(NEW_C2, WANT_C2), new SwitchRelease(NEW_C2, R1))),
        row(
            "current points elsewhere while the desired release is retained: switch, no build",
            host(R1, complete(R1, C1), complete(R2, C2)),
            List.of(new SwitchRelease(R2, R1))),
        row(
            "current missing: switch to the retained release, nothing to roll back to",
            host(null, complete(R1, C1), complete(R2, C2)),
            List.of(new SwitchRelease(R2, null))),
        row(
            "half-built release of the desired commit: build anew and discard the abandoned one",
            host(R1, complete(R1, C1), release(R2, C2, ReleaseState.BUILDING)),
            List.of(
                new BuildRelease(NEW_C2, WANT_C2),
                new SwitchRelease(NEW_C2, R1),
                new RemoveRelease(R2, Why.ABANDONED))),
        row(
            "failed release of the desired commit is never switched to; the newest failed stays",
            host(R1, complete(R1, C1), release(R2, C2, ReleaseState.FAILED)),
            List.of(new BuildRelease(NEW_C2, WANT_C2), new SwitchRelease(NEW_C2, R1))),
        row(
            "older failed releases are removed, the newest kept for inspection",
            host(
                R2,
                release(R1, C1, ReleaseState.FAILED),
                complete(R2, C2),
                release(R3, C3, ReleaseState.FAILED)),
            List.of(new RemoveRelease(R1, Why.FAILED))),
        row(
            "release folder without release.json is abandoned",
            host(R2, release(R1, null, ReleaseState.UNKNOWN), complete(R2, C2)),
            List.of(new RemoveRelease(R1, Why.ABANDONED))),
        row(
            "recipe changed for the same commit: a new release of that commit",
            host(R2, new ObservedRelease(R2, C2, OTHER_RECIPE, ReleaseState.COMPLETE)),
            List.of(new BuildRelease(NEW_C2, WANT_C2), new SwitchRelease(NEW_C2, R2))),
        row(
            "current points at a half-built release: switch away, no rollback target",
            host(R3, complete(R2, C2), release(R3, C3, ReleaseState.BUILDING)),
            List.of(new SwitchRelease(R2, null))),
        row(
            "live shared link deleted: relink in the live release",
            new ObservedHost(
                "h",
                "releases/" + R2,
                List.of(complete(R2, C2)),
                null,
                0,
                List.of(".env"),
                List.of()),
            List.of(new LinkShared(R2, List.of(".env")))),
        row(
            "live release's virtualenv broke: repair it in place",
            new ObservedHost(
                "h", "releases/" + R2, List.of(complete(R2, C2)), null, 0, List.of(), List.of(R2)),
            List.of(new RepairVirtualenv(R2))),
        row(
            "rollback target's virtualenv broke: repair it, then switch",
            new ObservedHost(
                "h",
                "releases/" + R1,
                List.of(complete(R1, C1), complete(R2, C2)),
                null,
                0,
                List.of(),
                List.of(R2)),
            List.of(new RepairVirtualenv(R2), new SwitchRelease(R2, R1))),
        row(
            "a broken virtualenv of a release that is not the target waits for it to be needed",
            new ObservedHost(
                "h",
                "releases/" + R2,
                List.of(complete(R1, C1), complete(R2, C2)),
                null,
                0,
                List.of(),
                List.of(R1)),
            List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void plansTheExpectedActions(String name, ObservedHost observed, List<Action> expected) {
    HostPlan plan = ReleasePlanner.plan(WANT_C2, observed, 5, NOW);
    assertEquals(expected, plan.actions());
  }

  @Test
  void retentionKeepsTheLiveReleaseEvenWhenItIsTheOldest() {
    // Rolled back to the oldest release; the desired one is the live one.
    DesiredRelease wantOld = new DesiredRelease(C1, RECIPE);
    List<ObservedRelease> releases = new ArrayList<>();
    releases.add(complete(R1, C1));
    for (int day = 10; day < 15; day++) {
      releases.add(complete("202611" + day + "000000-3333333", C3));
    }
    ObservedHost observed =
        new ObservedHost("h", "releases/" + R1, releases, null, 0, List.of(), List.of());

    HostPlan plan = ReleasePlanner.plan(wantOld, observed, 3, NOW);

    assertEquals(
        List.of("20261112000000-3333333", "20261111000000-3333333", "20261110000000-3333333"),
        plan.removals().stream().map(RemoveRelease::release).toList());
    assertTrue(plan.removals().stream().allMatch(r -> r.why() == Why.RETENTION));
  }

  @Test
  void retentionNeverRemovesThePreviousGoodRelease() {
    ObservedHost observed = host(R1, complete(R1, C1));
    HostPlan plan = ReleasePlanner.plan(WANT_C2, observed, 1, NOW);
    assertEquals(List.of(), plan.removals(), "the live release is the rollback target");
  }

  @Test
  void retentionCountsTheNewReleaseAndTheLiveOne() {
    ObservedHost observed =
        host(R3, complete(R1, C1), release(R2, C1, ReleaseState.COMPLETE), complete(R3, C3));
    HostPlan plan = ReleasePlanner.plan(WANT_C2, observed, 3, NOW);
    assertEquals(
        List.of(new RemoveRelease(R1, Why.RETENTION)),
        plan.removals(),
        "keeps the new release, the live R3 and the newest other (R2)");
  }

  @Test
  void foldersNotNamedByCapstanAreNeverTouched() {
    ObservedHost observed =
        host(R2, complete(R2, C2), new ObservedRelease("notes", null, null, ReleaseState.UNKNOWN));
    assertTrue(ReleasePlanner.plan(WANT_C2, observed, 1, NOW).inSync());
  }

  @Test
  void aNewReleaseNameNeverCollidesWithAnExistingFolder() {
    ObservedHost observed = host(R1, complete(R1, C1), release(NEW_C2, C2, ReleaseState.FAILED));
    HostPlan plan = ReleasePlanner.plan(WANT_C2, observed, 5, NOW);
    assertEquals("20261121123046-2222222", plan.target());
  }

  private static Arguments row(String name, ObservedHost observed, List<Action> expected) {
    return Arguments.of(name, observed, expected);
  }

  private static ObservedHost host(String live, ObservedRelease... releases) {
    String current = live == null ? null : "releases/" + live;
    return new ObservedHost("h", current, List.of(releases), null, 0, List.of(), List.of());
  }

  private static ObservedRelease complete(String name, String commit) {
    return release(name, commit, ReleaseState.COMPLETE);
  }

  private static ObservedRelease release(String name, String commit, ReleaseState state) {
    return new ObservedRelease(name, commit, RECIPE, state);
  }
}
