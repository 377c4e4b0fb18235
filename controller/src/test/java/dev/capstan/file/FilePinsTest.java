package dev.capstan.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.model.DesiredState;
import dev.capstan.model.DesiredStateLoader;
import dev.capstan.model.Pin;
import dev.capstan.model.PinState;
import dev.capstan.model.Veto;
import dev.capstan.reconcile.Pins;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilePinsTest {

  private static final String GOOD = "3f2a9c1" + "0".repeat(33);
  private static final String BAD = "9b1e2aa" + "0".repeat(33);

  @TempDir Path dir;

  @Test
  void keepsAPinAndVetoesPerEnvironmentUntilLifted() throws Exception {
    FilePins pins = new FilePins(dir.resolve("state"));
    pins.pin("shop", GOOD, "checkout broken", Pin.BY_ROLLBACK);
    pins.veto("shop", BAD, "checkout broken");
    pins.veto("shop", BAD, "still broken");

    assertEquals(
        new PinState(
            new Pin(GOOD, "checkout broken", Pin.BY_ROLLBACK),
            List.of(new Veto(BAD, "still broken"))),
        new FilePins(dir.resolve("state")).read("shop"));
    assertEquals(PinState.NONE, pins.read("other"));
    assertTrue(Files.isRegularFile(dir.resolve("state/shop.pins.json")));

    assertTrue(pins.unpin("shop"));
    assertFalse(pins.unpin("shop"));
    assertTrue(pins.unveto("shop", "9b1e2aa"));
    assertFalse(pins.unveto("shop", BAD));
    assertFalse(Files.exists(dir.resolve("state/shop.pins.json")), "nothing left, no file");
    try (var left = Files.list(dir.resolve("state"))) {
      assertEquals(List.of(), left.toList(), "no temporary file left behind");
    }
  }

  @Test
  void theStateFoldersPinWinsOverTheYamlsAndVetoesAddUp() throws Exception {
    DesiredState state =
        DesiredStateLoader.parse(
            dir.resolve("capstan.yaml"),
            String.join(
                "\n",
                "apiVersion: capstan.dev/v1alpha1",
                "kind: Application",
                "metadata: {name: app}",
                "spec: {repository: {url: ./app}, deployPath: /srv/app}",
                "---",
                "apiVersion: capstan.dev/v1alpha1",
                "kind: Environment",
                "metadata: {name: app-production}",
                "spec:",
                "  application: app",
                "  revision: main",
                "  hosts: [local]",
                "  pin: {commit: 1234567, reason: from yaml}",
                "  veto: [abcdef0]",
                ""));
    FilePins pins = new FilePins(dir.resolve("state"));
    assertEquals(state, pins.overlay(state), "no pins file: the spec as written");

    pins.pin("app-production", GOOD, null, Pin.BY_PIN);
    pins.veto("app-production", BAD, "broken");
    PinState inForce = pins.overlay(state).environments().get("app-production").spec().pins();

    assertEquals(new Pin(GOOD, null, Pin.BY_PIN), inForce.pin());
    assertEquals(List.of(new Veto(BAD, "broken"), new Veto("abcdef0", null)), inForce.veto());
  }

  @Test
  void aPinsFileThatCannotBeReadIsAnErrorNotNoPin() throws Exception {
    Files.createDirectories(dir.resolve("state"));
    Files.writeString(dir.resolve("state/shop.pins.json"), "{not json");
    Pins.PinsException e =
        assertThrows(
            Pins.PinsException.class, () -> new FilePins(dir.resolve("state")).read("shop"));
    assertTrue(e.getMessage().contains("shop.pins.json"), e.getMessage());
  }

  @Test
  void theSnapshotChangesWithAnyPinsFileOnly() throws Exception {
    FilePins pins = new FilePins(dir.resolve("state"));
    String empty = pins.snapshot();
    pins.pin("shop", GOOD, null, Pin.BY_PIN);
    String pinned = pins.snapshot();
    assertNotEquals(empty, pinned);
    Files.writeString(dir.resolve("state/shop.json"), "{}");
    assertEquals(pinned, pins.snapshot(), "a status file is not a pin");
  }
}
