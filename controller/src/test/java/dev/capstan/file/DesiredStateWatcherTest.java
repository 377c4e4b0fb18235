package dev.capstan.file;

import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;
import static java.util.concurrent.TimeUnit.NANOSECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.model.DesiredState;
import dev.capstan.model.Environment;
import dev.capstan.model.InvalidDesiredStateException;
import dev.capstan.model.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DesiredStateWatcherTest {

  private static final Duration DEBOUNCE = Duration.ofMillis(200);

  /** Polling off, so that only the watch service's events can explain a reload. */
  private static final Duration NO_POLLING = Duration.ofDays(1);

  /** Generous: a loaded 2-core machine may be slow, never this slow. */
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path folder;

  private final Recorder listener = new Recorder();
  private final List<DesiredStateWatcher> watchers = new ArrayList<>();

  @AfterEach
  void closeWatchers() {
    watchers.forEach(DesiredStateWatcher::close);
  }

  @Test
  void reloadsOnSave() throws Exception {
    Path file = write(folder.resolve("app.yaml"), desired("r1"));
    start(file, DEBOUNCE, NO_POLLING);
    assertEquals("r1", revisionOf(listener.nextLoaded()));

    // Saved in place, as many editors do; a reader may glimpse the file half written.
    Files.writeString(file, desired("r2"));

    listener.awaitLoaded("r2");
  }

  @Test
  void editorStyleTempFileAndRenameCountsAsASave() throws Exception {
    Path file = write(folder.resolve("app.yaml"), desired("r1"));
    start(file, DEBOUNCE, NO_POLLING);
    listener.nextLoaded();

    Path temp = write(folder.resolve("app.yaml.tmp"), desired("r2"));
    Files.move(temp, file, ATOMIC_MOVE, REPLACE_EXISTING);

    assertEquals("r2", revisionOf(listener.nextLoaded()));
  }

  @Test
  void burstOfSavesIsOneReload() throws Exception {
    Path file = write(folder.resolve("app.yaml"), desired("r1"));
    // Longer than any pause between two writes on a busy machine.
    start(file, Duration.ofSeconds(1), NO_POLLING);
    listener.nextLoaded();

    for (int i = 2; i <= 6; i++) {
      Files.writeString(file, desired("r" + i));
    }

    assertEquals("r6", revisionOf(listener.nextLoaded()), "the first call follows the burst");
    save(file, desired("r7"));
    assertEquals("r7", revisionOf(listener.nextLoaded()), "no other call came in between");
    assertEquals(3, listener.taken(), "the first load, the burst, the last save");
    assertTrue(listener.isQuiet());
  }

  @Test
  void invalidEditReportsProblemsWithLineAndKeepsWatching() throws Exception {
    Path file = write(folder.resolve("app.yaml"), desired("r1"));
    start(file, DEBOUNCE, NO_POLLING);
    listener.nextLoaded();

    save(file, desired("r1").replace("deployPath: /srv/app", "deployPath: /srv/app/"));

    List<Problem> problems = listener.nextInvalid().problems();
    assertEquals(
        List.of(file + ":6:15: spec.deployPath: must not end with \"/\""),
        problems.stream().map(Problem::toString).toList());
    // Undoing the mistake is a change: the listener learns the state is valid again.
    save(file, desired("r1"));
    assertEquals("r1", revisionOf(listener.nextLoaded()));
    save(file, desired("r2"));
    assertEquals("r2", revisionOf(listener.nextLoaded()));
  }

  @Test
  void touchWithoutChangeIsNotAChange() throws Exception {
    Path file = write(folder.resolve("app.yaml"), desired("r1"));
    DesiredStateWatcher watcher = start(file, DEBOUNCE, NO_POLLING);
    listener.nextLoaded();
    Semaphore checked = new Semaphore(0);
    watcher.afterEachCheck(checked::release);

    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(60)));
    awaitCheck(checked);
    assertTrue(listener.isQuiet(), "a touch reports nothing");

    save(file, desired("r1"));
    awaitCheck(checked);
    assertTrue(listener.isQuiet(), "saving the same bytes reports nothing");

    save(file, desired("r2"));
    assertEquals("r2", revisionOf(listener.nextLoaded()));
  }

  @Test
  void folderTargetSeesNewAndChangedYamlFiles() throws Exception {
    Path dir = Files.createDirectory(folder.resolve("desired"));
    Path app = write(dir.resolve("app.yaml"), desired("r1"));
    start(dir, DEBOUNCE, NO_POLLING);
    assertEquals(Set.of("app-prod"), listener.nextLoaded().environments().keySet());

    Path web = dir.resolve("web.yml");
    save(web, desired("web", "w1"));
    assertEquals(Set.of("app-prod", "web-prod"), listener.nextLoaded().environments().keySet());

    save(app, desired("r2"));
    assertEquals("r2", revisionOf(listener.nextLoaded()));

    Files.delete(web);
    assertEquals(Set.of("app-prod"), listener.nextLoaded().environments().keySet());
  }

  @Test
  void ignoresEditorSwapFiles() throws Exception {
    Path file = write(folder.resolve("app.yaml"), desired("r1"));
    DesiredStateWatcher watcher = start(file, DEBOUNCE, NO_POLLING);
    listener.nextLoaded();
    Semaphore checked = new Semaphore(0);
    watcher.afterEachCheck(checked::release);

    for (String name : List.of(".app.yaml.swp", ".app.yaml.swx", "app.yaml~", ".#app.yaml")) {
      write(folder.resolve(name), "not: [yaml");
    }
    Files.delete(write(folder.resolve("4913"), ""));

    // Absence takes a window to show; a correct watcher passes however long it is.
    assertNull(listener.nextWithin(DEBOUNCE.multipliedBy(5)), "no listener call");
    assertEquals(0, checked.availablePermits(), "not even a check of the content");
    save(file, desired("r2"));
    assertEquals("r2", revisionOf(listener.nextLoaded()));
  }

  @Test
  void deletedFileIsInvalidUntilRecreated() throws Exception {
    Path file = write(folder.resolve("app.yaml"), desired("r1"));
    start(file, DEBOUNCE, NO_POLLING);
    listener.nextLoaded();

    Files.delete(file);

    Problem problem = listener.nextInvalid().problems().get(0);
    assertEquals(file, problem.file());
    assertEquals("no such file or folder", problem.message());
    save(file, desired("r1"));
    assertEquals("r1", revisionOf(listener.nextLoaded()));
  }

  @Test
  void pollingSeesAFolderReplacedUnderTheWatch() throws Exception {
    Path dir = Files.createDirectory(folder.resolve("desired"));
    write(dir.resolve("app.yaml"), desired("r1"));
    start(dir, Duration.ofMillis(50), Duration.ofMillis(100));
    listener.nextLoaded();

    // The watch follows the old folder, which no longer holds the desired state.
    Files.move(dir, folder.resolve("old"), ATOMIC_MOVE);
    Path staging = Files.createDirectory(folder.resolve("staging"));
    write(staging.resolve("app.yaml"), desired("r2"));
    Files.move(staging, dir, ATOMIC_MOVE);

    listener.awaitLoaded("r2");
    Files.writeString(dir.resolve("app.yaml"), desired("r3"));
    listener.awaitLoaded("r3");
  }

  private DesiredStateWatcher start(Path path, Duration debounce, Duration pollInterval)
      throws IOException {
    DesiredStateWatcher watcher = new DesiredStateWatcher(path, debounce, pollInterval, listener);
    watchers.add(watcher);
    watcher.start();
    return watcher;
  }

  private static void awaitCheck(Semaphore checked) throws InterruptedException {
    assertTrue(checked.tryAcquire(WAIT.toNanos(), NANOSECONDS), "no check within " + WAIT);
  }

  private static String desired(String revision) {
    return desired("app", revision);
  }

  /** An Application named {@code app} and its Environment {@code app-prod}. */
  private static String desired(String app, String revision) {
    return """
        apiVersion: capstan.dev/v1alpha1
        kind: Application
        metadata: {name: %1$s}
        spec:
          repository: {url: repo}
          deployPath: /srv/%1$s
        ---
        apiVersion: capstan.dev/v1alpha1
        kind: Environment
        metadata: {name: %1$s-prod}
        spec:
          application: %1$s
          revision: %2$s
          hosts: [local]
        """
        .formatted(app, revision);
  }

  /** The revision of {@code app-prod}, or null in a state without it (a file glimpsed empty). */
  private static String revisionOf(DesiredState state) {
    Environment environment = state.environments().get("app-prod");
    return environment == null ? null : environment.spec().revision();
  }

  private static Path write(Path file, String text) throws IOException {
    return Files.writeString(file, text);
  }

  /** Saves as most editors do: a hidden temporary file in the same folder, renamed over. */
  private static void save(Path file, String text) throws IOException {
    Path temp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
    Files.move(write(temp, text), file, ATOMIC_MOVE, REPLACE_EXISTING);
  }

  /** The listener's calls, in order, for the test thread to wait on. */
  private static final class Recorder implements DesiredStateWatcher.Listener {

    private final BlockingQueue<Object> calls = new LinkedBlockingQueue<>();
    private int taken;

    @Override
    public void loaded(DesiredState state) {
      calls.add(state);
    }

    @Override
    public void invalid(InvalidDesiredStateException problems) {
      calls.add(problems);
    }

    Object nextWithin(Duration timeout) throws InterruptedException {
      Object call = calls.poll(timeout.toNanos(), NANOSECONDS);
      taken += call == null ? 0 : 1;
      return call;
    }

    Object next() throws InterruptedException {
      Object call = nextWithin(WAIT);
      assertNotNull(call, "no listener call within " + WAIT);
      return call;
    }

    DesiredState nextLoaded() throws InterruptedException {
      return assertInstanceOf(DesiredState.class, next());
    }

    InvalidDesiredStateException nextInvalid() throws InterruptedException {
      return assertInstanceOf(InvalidDesiredStateException.class, next());
    }

    /** Skips other calls, such as a glimpse of a file being written, until this revision. */
    void awaitLoaded(String revision) throws InterruptedException {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (true) {
        Object call = nextWithin(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        assertNotNull(call, "no load of revision " + revision + " within " + WAIT);
        if (call instanceof DesiredState state && revision.equals(revisionOf(state))) {
          return;
        }
      }
    }

    boolean isQuiet() {
      return calls.isEmpty();
    }

    int taken() {
      return taken;
    }
  }
}
