package dev.capstan.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FailureBudgetTest {

  /** Failures written {@code host host …} (a host named twice failed twice), over all waves. */
  @ParameterizedTest(name = "maxFailed {0}, failed {1}: {2} counted, stops {3}")
  @CsvSource(
      delimiter = ';',
      value = {
        "0; ''; 0; false",
        "0; a; 1; true",
        "1; a; 1; false",
        "1; a b; 2; true",
        "1; a a a; 1; false",
        "2; a b; 2; false",
        "2; a b c; 3; true",
        // Three waves of one failure each: per batch each would be within 1; over the rollout not.
        "1; w1 w2 w3; 3; true",
        "-1; ''; 0; false",
      })
  void countsEachFailedHostOnceOverTheWholeRollout(
      int maxFailed, String failures, int counted, boolean exceeded) {
    FailureBudget budget = new FailureBudget(maxFailed);
    for (String host : failures.split(" ")) {
      if (!host.isEmpty()) {
        budget.failed(host, "failed on " + host);
      }
    }
    assertEquals(counted, budget.count());
    assertEquals(exceeded, budget.exceeded());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '#',
      value = {
        "1# 2 hosts failed, more than maxFailed 1 allows: a, b",
        "2# 2 hosts failed, within maxFailed 2: a, b",
      })
  void namesEveryFailedHostOnce(int maxFailed, String expected) {
    FailureBudget budget = new FailureBudget(maxFailed);
    budget.failed("a", "unreachable");
    budget.failed("b", "health check");
    budget.failed("a", "later reason");
    assertEquals(expected, budget.describe());
  }
}
