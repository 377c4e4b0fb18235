package dev.capstan.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.model.Pin;
import dev.capstan.model.PinState;
import dev.capstan.model.Veto;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DesiredCommitTest {

  // A line of history: good <- bad <- fix, and a side branch off good.
  private static final String GOOD = "3f2a9c1" + "0".repeat(33);
  private static final String BAD = "9b1e2aa" + "0".repeat(33);
  private static final String FIX = "c0ffee1" + "0".repeat(33);
  private static final String SIDE = "5eed5ed" + "0".repeat(33);
  private static final Map<String, Set<String>> ANCESTORS =
      Map.of(
          GOOD, Set.of(GOOD),
          BAD, Set.of(GOOD, BAD),
          FIX, Set.of(GOOD, BAD, FIX),
          SIDE, Set.of(GOOD, SIDE));

  private static final DesiredCommit.Ancestry HISTORY =
      (ancestor, descendant) ->
          ANCESTORS.get(descendant).stream().anyMatch(c -> c.startsWith(ancestor));

  private static DesiredCommit.Decision decide(String resolved, Pin pin, Veto... vetoes)
      throws Exception {
    return DesiredCommit.decide(resolved, new PinState(pin, List.of(vetoes)), HISTORY);
  }

  @Test
  void followsTheRevisionWhenNothingApplies() throws Exception {
    DesiredCommit.Decision decision = decide(FIX, null);
    assertEquals(FIX, decision.commit());
    assertNull(decision.note());
  }

  @Test
  void aPinHoldsWhateverTheRevisionSays() throws Exception {
    DesiredCommit.Decision decision = decide(FIX, new Pin(GOOD, "checkout broken", Pin.BY_PIN));
    assertEquals(GOOD, decision.commit());
    assertEquals("pinned to 3f2a9c1 by pin: \"checkout broken\"", decision.note());
  }

  @Test
  void aPinByThePinCommandDoesNotLapseWhenTheRevisionMovesPastAVeto() throws Exception {
    DesiredCommit.Decision decision =
        decide(FIX, new Pin(GOOD, null, Pin.BY_PIN), new Veto(BAD, null));
    assertEquals(GOOD, decision.commit());
    assertEquals("pinned to 3f2a9c1 by pin", decision.note());
  }

  @Test
  void aVetoedRevisionIsHeldSayingWhy() throws Exception {
    DesiredCommit.Decision decision = decide(BAD, null, new Veto("9b1e2aa", "checkout broken"));
    assertTrue(decision.held());
    assertEquals("held: 9b1e2aa is vetoed: \"checkout broken\"", decision.note());
  }

  @Test
  void aRollbackPinHoldsWhileTheRevisionIsTheVetoedCommit() throws Exception {
    DesiredCommit.Decision decision =
        decide(BAD, new Pin(GOOD, "rolled back", Pin.BY_ROLLBACK), new Veto(BAD, null));
    assertEquals(GOOD, decision.commit());
    assertEquals("pinned to 3f2a9c1 by rollback: \"rolled back\"", decision.note());
  }

  @Test
  void aRollbackPinLapsesWhenTheRevisionMovesToACommitNewerThanTheVetoedOne() throws Exception {
    DesiredCommit.Decision decision =
        decide(FIX, new Pin(GOOD, null, Pin.BY_ROLLBACK), new Veto(BAD, null));
    assertEquals(FIX, decision.commit());
    assertNull(decision.pins().pin());
    assertEquals(List.of(new Veto(BAD, null)), decision.pins().veto());
    assertEquals(
        "pin to 3f2a9c1 by rollback lapsed: c0ffee1 is newer than vetoed 9b1e2aa", decision.note());
  }

  @Test
  void aRollbackPinHoldsWhenTheRevisionMovesToACommitThatLacksTheVetoedOne() throws Exception {
    // A force-push or another branch: not a fix on top of the vetoed commit.
    DesiredCommit.Decision decision =
        decide(SIDE, new Pin(GOOD, null, Pin.BY_ROLLBACK), new Veto(BAD, null));
    assertEquals(GOOD, decision.commit());
    assertFalse(decision.held());
  }

  @Test
  void aRollbackPinHoldsWhenTheRevisionGoesBackToTheGoodCommit() throws Exception {
    DesiredCommit.Decision decision =
        decide(GOOD, new Pin(GOOD, null, Pin.BY_ROLLBACK), new Veto(BAD, null));
    assertEquals(GOOD, decision.commit());
    assertEquals(GOOD, decision.pins().pin().commit());
  }

  @Test
  void aShortVetoMatchesTheFullCommitItPrefixes() throws Exception {
    assertTrue(decide(BAD, null, new Veto("9B1E2AA", null)).held());
    assertFalse(decide(FIX, null, new Veto("9b1e2aa", null)).held());
  }
}
