package dev.capstan.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mark of a running controller: honoured only while its very process lives. */
class ControllerMarkTest {

  @TempDir Path state;

  @Test
  void aLiveProcessIsARunningControllerAndAGoneOneIsNot() throws Exception {
    Process other = new ProcessBuilder("sleep", "30").start();
    try {
      Instant started = other.info().startInstant().orElseThrow();
      mark(other.pid(), started);
      assertEquals(
          other.pid(), ControllerMark.running(state).orElseThrow().pid(), "a live controller");

      mark(other.pid(), started.minusSeconds(60));
      assertTrue(ControllerMark.running(state).isEmpty(), "the pid is another process now");
    } finally {
      other.destroy();
      other.waitFor();
    }
    assertTrue(ControllerMark.running(state).isEmpty(), "its process is gone");
  }

  @Test
  void thisProcessWritesAndRemovesItsOwnMark() throws Exception {
    ControllerMark.write(state, "port 1");
    assertTrue(Files.exists(state.resolve(ControllerMark.FILE)));
    assertTrue(ControllerMark.running(state).isEmpty(), "a command is not told about itself");
    ControllerMark.remove(state);
    assertTrue(Files.notExists(state.resolve(ControllerMark.FILE)));
  }

  private void mark(long pid, Instant started) throws Exception {
    Files.writeString(
        state.resolve(ControllerMark.FILE),
        "{\"pid\":" + pid + ",\"started\":\"" + started + "\",\"listen\":\"port 1\"}");
  }
}
