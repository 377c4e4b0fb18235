package dev.capstan.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WaveVerdictTest {

  @ParameterizedTest(name = "{0} {1}: {2}")
  @CsvSource(
      delimiter = '#',
      value = {
        "SWITCHED#''#switched",
        "HEALTHY#''#healthy",
        "FAILED#health check `sh health.sh` exited with status 1"
            + "#failed: health check `sh health.sh` exited with status 1",
        "ROLLED_BACK#''#rolled back",
        "ROLLED_BACK#while watched: down#rolled back: while watched: down",
        "NOT_REACHED#''#not reached",
      })
  void statusAndProgressSayTheVerdictInWordsWithWhyAfterAColon(
      WaveVerdict verdict, String why, String expected) {
    assertEquals(expected, verdict.describe(why));
  }
}
