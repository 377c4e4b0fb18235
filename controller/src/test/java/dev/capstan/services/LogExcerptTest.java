package dev.capstan.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a person reads of a failed service's log. */
class LogExcerptTest {

  /** gunicorn's log when the app does not import, as a loaded machine writes it (trimmed). */
  private static final List<String> GUNICORN =
      List.of(
          "[2026-12-02 15:30:05 +0000] [812] [INFO] Booting worker with pid: 812",
          "[2026-12-02 15:30:05 +0000] [812] [ERROR] Exception in worker process",
          "Traceback (most recent call last):",
          "  File \"/usr/lib/python3/dist-packages/gunicorn/arbiter.py\", line 609, in spawn_worker",
          "    worker.init_process()",
          "  File \"/srv/app/releases/2/app.py\", line 1, in <module>",
          "    import capstan_no_such_module",
          "ModuleNotFoundError: No module named 'capstan_no_such_module'",
          "[2026-12-02 15:30:05 +0000] [812] [INFO] Worker exiting (pid: 812)",
          "Traceback (most recent call last):",
          "  File \"/usr/lib/python3/dist-packages/gunicorn/arbiter.py\", line 229, in run",
          "    self.halt(reason=inst.reason, exit_status=inst.exit_status)",
          "  File \"/usr/lib/python3/dist-packages/gunicorn/arbiter.py\", line 342, in halt",
          "    self.stop()",
          "  File \"/usr/lib/python3/dist-packages/gunicorn/arbiter.py\", line 393, in stop",
          "    time.sleep(0.1)",
          "  File \"/usr/lib/python3/dist-packages/gunicorn/arbiter.py\", line 242, in handle_chld",
          "    self.reap_workers()",
          "  File \"/usr/lib/python3/dist-packages/gunicorn/arbiter.py\", line 525, in reap_workers",
          "    raise HaltServer(reason, self.WORKER_BOOT_ERROR)",
          "gunicorn.errors.HaltServer: <HaltServer 'Worker failed to boot.' 3>");

  @Test
  void theExceptionThatScrolledOutOfTheLastLinesComesFirst() {
    String excerpt = LogExcerpt.focus(String.join("\n", GUNICORN), 8);

    List<String> lines = excerpt.lines().toList();
    assertEquals(10, lines.size(), excerpt);
    assertEquals("ModuleNotFoundError: No module named 'capstan_no_such_module'", lines.get(0));
    assertEquals("… 5 line(s) …", lines.get(1));
    assertEquals(GUNICORN.subList(GUNICORN.size() - 8, GUNICORN.size()), lines.subList(2, 10));
  }

  @Test
  void lastLinesThatHoldAnExceptionAreShownAsTheyAre() {
    String log = String.join("\n", GUNICORN.subList(0, 9));

    assertEquals(String.join("\n", GUNICORN.subList(4, 9)), LogExcerpt.focus(log, 5));
  }

  @Test
  void aShortLogIsShownWholeAndALogWithoutExceptionsIsItsTail() {
    assertEquals("one\ntwo", LogExcerpt.focus("\n\none\ntwo\n\n", 5));
    List<String> plain = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      plain.add("request " + i);
    }
    String excerpt = LogExcerpt.focus(String.join("\n", plain), 3);
    assertEquals("request 27\nrequest 28\nrequest 29", excerpt);
    assertTrue(
        LogExcerpt.focus("KeyError: 'SECRET_KEY'\n" + String.join("\n", plain), 3)
            .startsWith("KeyError: 'SECRET_KEY'\n… 27 line(s) …\nrequest 27"));
  }
}
