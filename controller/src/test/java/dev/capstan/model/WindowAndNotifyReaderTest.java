package dev.capstan.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.model.YamlNode.Mapping;
import dev.capstan.notify.NotificationEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** An Environment's {@code windows} and {@code notify}, as DESIGN.md writes them, and mistakes. */
class WindowAndNotifyReaderTest {

  private record Read<T>(T value, List<String> problems) {}

  private static <T> Read<T> read(String yaml, Function<MapReader, T> reader) {
    List<Problem> sink = new ArrayList<>();
    Problems problems = new Problems(Path.of("env.yaml"), sink);
    Mapping root = (Mapping) YamlTreeReader.read(yaml, problems).get(0);
    T value = reader.apply(MapReader.root(problems, root));
    return new Read<>(value, sink.stream().map(Problem::toString).toList());
  }

  @Test
  void readsTheWindowOfTheDesign() {
    Read<List<WindowSpec>> read =
        read(
            """
            windows:
            - {kind: deny, schedule: "0 9 * * 1-5", duration: 8h, timeZone: Europe/Berlin}
            - {kind: allow, schedule: "0 22 * * *", duration: 90m}
            """,
            WindowReader::read);
    assertEquals(List.of(), read.problems());
    assertEquals(
        List.of(
            new WindowSpec(
                WindowSpec.Kind.DENY,
                "0 9 * * 1-5",
                Duration.ofHours(8),
                ZoneId.of("Europe/Berlin")),
            new WindowSpec(
                WindowSpec.Kind.ALLOW, "0 22 * * *", Duration.ofMinutes(90), ZoneId.of("UTC"))),
        read.value());
    assertEquals("allow \"0 22 * * *\" for 1h30m UTC", read.value().get(1).describe());
  }

  @Test
  void reportsEachWrongWindowFieldWithItsLine() {
    Read<List<WindowSpec>> read =
        read(
            """
            windows:
            - {kind: deny, schedule: "0 9 * *", duration: 8h}
            - {kind: allow, schedule: "0 9 * * 1-5", duration: 8h, timeZone: Europe/Berlln}
            - {kind: maybe, schedule: "0 9 * * *"}
            """,
            WindowReader::read);
    assertEquals(List.of(), read.value());
    List<String> problems = read.problems();
    assertHas(
        problems, "env.yaml:2:", "windows[0].schedule: must be a cron expression of 5 fields");
    assertHas(problems, "env.yaml:3:", "windows[1].timeZone: must be an IANA time zone");
    assertHas(problems, "env.yaml:4:", "windows[2].kind: must be allow or deny, not \"maybe\"");
    assertHas(problems, "env.yaml:4:", "windows[2].duration: is required");
  }

  @Test
  void readsTheNotifyTargetOfTheDesign() {
    Read<List<NotifySpec>> read =
        read(
            """
            notify:
            - {url: {file: secrets/slack-webhook}, format: slack, events: [Deployed, RolledBack, RolloutFailed, DriftCorrected]}
            - url: {secretRef: {name: hooks, key: ops}}
              format: generic
              secret: {file: secrets/hmac}
            """,
            NotifyReader::read);
    assertEquals(List.of(), read.problems());
    assertEquals(
        new NotifySpec(
            SecretSource.ofFile("secrets/slack-webhook"),
            NotifySpec.Format.SLACK,
            List.of("Deployed", "RolledBack", "RolloutFailed", "DriftCorrected"),
            null),
        read.value().get(0));
    NotifySpec generic = read.value().get(1);
    assertEquals(new SecretSource(null, new SecretSource.SecretRef("hooks", "ops")), generic.url());
    assertEquals(NotifySpec.EVENTS, generic.events(), "every event when none are listed");
    assertEquals(SecretSource.ofFile("secrets/hmac"), generic.secret());
    assertTrue(!generic.toString().contains("hooks") && !generic.toString().contains("hmac"));
  }

  @Test
  void reportsAMissingUrlAnUnknownEventAndAnUnknownFormat() {
    Read<List<NotifySpec>> read =
        read(
            """
            notify:
            - {format: slack}
            - {url: {file: x}, format: generic, events: [Deployed, Deploid]}
            - {url: {file: x}, format: teams}
            """,
            NotifyReader::read);
    List<String> problems = read.problems();
    assertHas(problems, "env.yaml:2:", "notify[0].url: is required");
    assertHas(problems, "env.yaml:3:", "notify[1].events[1]: unknown event \"Deploid\"");
    assertHas(problems, "env.yaml:4:", "notify[2].format: must be generic or slack, not \"teams\"");
  }

  @Test
  void theModelsEventNamesAreTheNotificationEvents() {
    assertEquals(
        NotifySpec.EVENTS,
        Arrays.stream(NotificationEvent.values()).map(NotificationEvent::name).toList());
  }

  private static void assertHas(List<String> problems, String where, String text) {
    assertTrue(
        problems.stream().anyMatch(p -> p.startsWith(where) && p.contains(text)),
        "expected " + where + " ... " + text + " in " + problems);
  }
}
