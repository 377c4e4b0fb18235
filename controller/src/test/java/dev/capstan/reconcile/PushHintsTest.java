package dev.capstan.reconcile;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which repositories a push notification names. */
class PushHintsTest {

  @Test
  void theSameRepositoryMatchesWithOrWithoutGitSuffixAndSlash() {
    assertTrue(
        PushHints.matches("https://example.org/o/app.git", List.of("https://example.org/o/app/")));
    assertTrue(PushHints.matches("https://example.org/o/app", List.of("example.org/o/app")));
    assertTrue(PushHints.matches("example.org/o/app", List.of("https://example.org/o/app.git")));
  }

  @Test
  void anotherRepositoryDoesNotMatch() {
    assertFalse(
        PushHints.matches("https://example.org/o/app", List.of("https://example.org/o/api")));
    assertFalse(PushHints.matches("https://example.org/o/app", List.of()));
  }
}
