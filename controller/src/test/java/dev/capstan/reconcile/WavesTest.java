package dev.capstan.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.capstan.model.RolloutSpec;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WavesTest {

  /**
   * Hosts h0… as waves, written {@code index:host host|index:host…} ({@code 0} the canary wave).
   */
  @ParameterizedTest(name = "{0} hosts, canary {1}, maxParallel {2}: {3}")
  @CsvSource(
      delimiter = ';',
      value = {
        "4; 1; 2; 0:h0|1:h1 h2|2:h3",
        "4; 0; 2; 1:h0 h1|2:h2 h3",
        "4; 0; 1; 1:h0|2:h1|3:h2|4:h3",
        "5; 2; 2; 0:h0 h1|1:h2 h3|2:h4",
        "3; 1; 5; 0:h0|1:h1 h2",
        "1; 1; 2; 0:h0",
        "2; 3; 1; 0:h0 h1",
        "3; 0; 9; 1:h0 h1 h2",
        "0; 1; 2; ''",
      })
  void canaryFirstThenBatchesOfMaxParallel(
      int count, int canary, int maxParallel, String expected) {
    List<String> hosts = IntStream.range(0, count).mapToObj(i -> "h" + i).toList();
    List<Waves.Wave<String>> waves =
        Waves.of(hosts, new RolloutSpec(maxParallel, canary, Duration.ofSeconds(5), 0));
    String written =
        waves.stream()
            .map(w -> w.index() + ":" + String.join(" ", w.hosts()))
            .collect(Collectors.joining("|"));
    assertEquals(expected, written);
    for (int i = 0; i < waves.size(); i++) {
      assertEquals(i + 1, waves.get(i).position());
      assertEquals(waves.size(), waves.get(i).total());
      assertEquals(canary > 0 && i == 0, waves.get(i).canary());
    }
  }

  @ParameterizedTest(name = "canary {0}: {1}")
  @CsvSource(
      delimiter = ';',
      value = {
        "1; wave 1/3 (canary)|wave 2/3|wave 3/3",
        "0; wave 1/2|wave 2/2",
      })
  void labelsNameThePositionAndTheCanary(int canary, String expected) {
    List<Waves.Wave<String>> waves =
        Waves.of(List.of("a", "b", "c", "d"), new RolloutSpec(2, canary, Duration.ZERO, 0));
    assertEquals(expected, waves.stream().map(Waves.Wave::label).collect(Collectors.joining("|")));
  }

  @ParameterizedTest(name = "pause {0}: a check every {1}")
  @CsvSource({"PT5S, PT1.666666666S", "PT15S, PT5S", "PT60S, PT5S", "PT0.3S, PT0.1S"})
  void watchedWavesAreCheckedEveryThirdOfThePauseAtMostFiveSecondsApart(
      Duration pause, Duration interval) {
    assertEquals(interval, Waves.checkInterval(pause));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '#',
      value = {
        "5s# 1/3 (canary): a; 2/3: b, c; 3/3: d, each watched for 5 s before the next",
        "0s# 1/3 (canary): a; 2/3: b, c; 3/3: d",
      })
  void planDescribesTheWavesInOneLine(String pause, String expected) {
    Duration duration = pause.equals("0s") ? Duration.ZERO : Duration.ofSeconds(5);
    assertEquals(
        expected,
        Waves.describe(
            Waves.of(List.of("a", "b", "c", "d"), new RolloutSpec(2, 1, duration, 0)),
            new RolloutSpec(2, 1, duration, 0)));
  }
}
