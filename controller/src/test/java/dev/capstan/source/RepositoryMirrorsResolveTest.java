package dev.capstan.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.model.RepositorySpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepositoryMirrorsResolveTest {

  @TempDir Path temp;
  private TestOrigin origin;
  private RepositoryMirrors mirrors;
  private String first;
  private String second;

  @BeforeEach
  void createOrigin() throws Exception {
    origin = TestOrigin.create(temp.resolve("origin"));
    first = origin.write("app.py", "print('one')\n").commit("first");
    origin.tag("v1");
    second = origin.write("app.py", "print('two')\n").commit("second");
    origin.annotatedTag("v2");
    origin.branch("feature");
    mirrors = new RepositoryMirrors(temp.resolve("cache"));
  }

  @AfterEach
  void closeOrigin() {
    origin.close();
  }

  @Test
  void resolvesFullCommit() throws Exception {
    ResolvedRevision resolved = mirrors.resolve(origin.spec(), temp, first);

    assertEquals(new ResolvedRevision(origin.dir().toString(), first, first, false), resolved);
    assertEquals(first.substring(0, 7), resolved.shortCommit());
  }

  @Test
  void tellsAncestorsFromCommitsOnOtherLinesOfHistory() throws Exception {
    origin.checkout("feature");
    String side = origin.write("side.txt", "s\n").commit("side");
    origin.checkout("main");
    mirrors.resolve(origin.spec(), temp, "feature");

    assertTrue(mirrors.isAncestor(origin.spec(), temp, first.substring(0, 7), second));
    assertTrue(mirrors.isAncestor(origin.spec(), temp, second, second));
    assertFalse(mirrors.isAncestor(origin.spec(), temp, second, first));
    assertTrue(mirrors.isAncestor(origin.spec(), temp, "v2", side));
    assertFalse(mirrors.isAncestor(origin.spec(), temp, side, "main"));
    assertFalse(
        mirrors.isAncestor(origin.spec(), temp, "0123456789abcdef", second),
        "a commit the mirror does not know is nobody's ancestor");
  }

  @Test
  void resolvesShortCommit() throws Exception {
    ResolvedRevision resolved = mirrors.resolve(origin.spec(), temp, first.substring(0, 7));

    assertEquals(first, resolved.commit());
    assertFalse(resolved.branch());
  }

  @Test
  void resolvesLightweightAndAnnotatedTagsToTheirCommits() throws Exception {
    assertEquals(first, mirrors.resolve(origin.spec(), temp, "v1").commit());
    assertEquals(second, mirrors.resolve(origin.spec(), temp, "v2").commit());
    assertFalse(mirrors.resolve(origin.spec(), temp, "v2").branch());
  }

  @Test
  void resolvesBranchAsFollowed() throws Exception {
    ResolvedRevision resolved = mirrors.resolve(origin.spec(), temp, "feature");

    assertEquals(second, resolved.commit());
    assertTrue(resolved.branch());
  }

  @Test
  void fullRefNamesPickBetweenABranchAndATagOfTheSameName() throws Exception {
    origin.checkout("feature");
    String onFeature = origin.write("feature.txt", "f\n").commit("feature work");
    origin.checkout("main");
    origin.tagAt("feature", first);

    assertEquals(onFeature, mirrors.resolve(origin.spec(), temp, "feature").commit());
    assertEquals(onFeature, mirrors.resolve(origin.spec(), temp, "refs/heads/feature").commit());
    ResolvedRevision tag = mirrors.resolve(origin.spec(), temp, "refs/tags/feature");
    assertEquals(first, tag.commit());
    assertFalse(tag.branch());
  }

  @Test
  void resolvesHeadToTheRemotesDefaultBranch() throws Exception {
    origin.checkout("feature");
    String onFeature = origin.write("feature.txt", "f\n").commit("feature work");
    origin.setDefaultBranch("feature");

    ResolvedRevision resolved = mirrors.resolve(origin.spec(), temp, "HEAD");

    assertEquals(onFeature, resolved.commit());
    assertTrue(resolved.branch());
  }

  @Test
  void seesNewCommitsOnABranchWhenResolvedAgain() throws Exception {
    assertEquals(second, mirrors.resolve(origin.spec(), temp, "main").commit());
    String third = origin.write("app.py", "print('three')\n").commit("third");

    assertEquals(third, mirrors.resolve(origin.spec(), temp, "main").commit());
    assertEquals(2, mirrors.fetchCount());
  }

  @Test
  void minFetchIntervalServesBranchesFromTheMirror() throws Exception {
    mirrors.setMinFetchInterval(Duration.ofHours(1));
    mirrors.resolve(origin.spec(), temp, "main");
    origin.write("app.py", "print('three')\n").commit("third");

    assertEquals(second, mirrors.resolve(origin.spec(), temp, "main").commit());
    assertEquals(1, mirrors.fetchCount());
  }

  @Test
  void aBranchIsFetchedAtMostOncePerPollIntervalUnlessPushedOrUnknown() throws Exception {
    RepositorySpec hourly = origin.spec().withPollInterval(Duration.ofHours(1));
    mirrors.resolve(hourly, temp, "main");
    String third = origin.write("app.py", "print('three')\n").commit("third");

    assertEquals(second, mirrors.resolve(hourly, temp, "main").commit(), "within the interval");
    assertEquals(1, mirrors.fetchCount());

    mirrors.markStale(hourly, temp);
    assertEquals(third, mirrors.resolve(hourly, temp, "main").commit(), "after a push");
    assertEquals(2, mirrors.fetchCount());

    origin.branch("hotfix");
    assertEquals(third, mirrors.resolve(hourly, temp, "hotfix").commit(), "a branch made since");
    assertEquals(3, mirrors.fetchCount());
  }

  @Test
  void fullCommitMissingFromTheMirrorFetchesDespiteTheInterval() throws Exception {
    mirrors.setMinFetchInterval(Duration.ofHours(1));
    mirrors.resolve(origin.spec(), temp, "main");
    String third = origin.write("app.py", "print('three')\n").commit("third");

    assertEquals(third, mirrors.resolve(origin.spec(), temp, third).commit());
    assertEquals(2, mirrors.fetchCount());
  }

  @Test
  void knownFullCommitNeedsNoFetch() throws Exception {
    mirrors.resolve(origin.spec(), temp, "main");

    mirrors.resolve(origin.spec(), temp, first);
    mirrors.resolve(origin.spec(), temp, second.toUpperCase());

    assertEquals(1, mirrors.fetchCount());
  }

  @Test
  void unknownRevisionNamesRepositoryAndRevision() {
    SourceException error =
        assertThrows(SourceException.class, () -> mirrors.resolve(origin.spec(), temp, "nope"));

    assertEquals(
        "revision \"nope\" not found in "
            + origin.dir()
            + " (branches: feature, main; tags: v1, v2)",
        error.getMessage());
  }

  @Test
  void unknownFullCommitNamesRepositoryAndRevision() {
    String absent = "0123456789012345678901234567890123456789";
    SourceException error =
        assertThrows(SourceException.class, () -> mirrors.resolve(origin.spec(), temp, absent));

    assertTrue(
        error.getMessage().startsWith("revision \"" + absent + "\" not found in " + origin.dir()));
  }

  @Test
  void ambiguousShortCommitIsAnErrorListingTheCandidates() throws Exception {
    String prefix = origin.commitsUntilShortCollision("fillers");

    SourceException error =
        assertThrows(SourceException.class, () -> mirrors.resolve(origin.spec(), temp, prefix));

    assertTrue(error.getMessage().startsWith("short commit \"" + prefix + "\" is ambiguous in "));
    assertTrue(error.getMessage().contains(origin.dir().toString()));
  }

  @Test
  void resolvesRelativePathAgainstBaseDir() throws Exception {
    RepositorySpec relative = TestOrigin.spec("../origin", "");

    ResolvedRevision resolved = mirrors.resolve(relative, temp.resolve("config"), "main");

    assertEquals(second, resolved.commit());
    assertEquals(origin.dir().toString(), resolved.repository());
  }

  @Test
  void resolvesFileUrl() throws Exception {
    RepositorySpec fileUrl = TestOrigin.spec(origin.dir().toUri().toString(), "");

    assertEquals(first, mirrors.resolve(fileUrl, temp, "v1").commit());
  }

  @Test
  void unreachableRepositoryNamesTheUrlAndTheCause() throws Exception {
    Path missing = temp.resolve("missing");
    SourceException error =
        assertThrows(
            SourceException.class,
            () -> mirrors.resolve(TestOrigin.spec(missing.toString(), ""), temp, "main"));

    assertEquals("cannot fetch " + missing + ": not found.", error.getMessage());
    assertFalse(Files.exists(mirrors.mirrorDir(TestOrigin.spec(missing.toString(), ""), temp)));
  }

  @Test
  void prunesBranchesDeletedInTheOrigin() throws Exception {
    mirrors.resolve(origin.spec(), temp, "feature");
    origin.deleteBranch("feature");

    SourceException error =
        assertThrows(SourceException.class, () -> mirrors.resolve(origin.spec(), temp, "feature"));
    assertTrue(error.getMessage().contains("(branches: main;"), error.getMessage());
  }

  @Test
  void reusesTheMirrorAcrossInstancesOnOneCacheDir() throws Exception {
    mirrors.resolve(origin.spec(), temp, "main");
    Path mirrorDir = mirrors.mirrorDir(origin.spec(), temp);
    FileTime created = Files.readAttributes(mirrorDir, BasicFileAttributes.class).creationTime();
    Object inode = Files.readAttributes(mirrorDir, BasicFileAttributes.class).fileKey();

    RepositoryMirrors again = new RepositoryMirrors(temp.resolve("cache"));
    assertEquals(second, again.resolve(origin.spec(), temp, second).commit());

    assertEquals(0, again.fetchCount());
    assertEquals(mirrorDir, again.mirrorDir(origin.spec(), temp));
    assertEquals(
        created, Files.readAttributes(mirrorDir, BasicFileAttributes.class).creationTime());
    assertEquals(inode, Files.readAttributes(mirrorDir, BasicFileAttributes.class).fileKey());
  }

  @Test
  void concurrentResolvesShareOneMirror() throws Exception {
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<ResolvedRevision>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        String revision = i % 2 == 0 ? "main" : "v1";
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  return mirrors.resolve(origin.spec(), temp, revision);
                }));
      }
      start.countDown();
      for (int i = 0; i < threads; i++) {
        String expected = i % 2 == 0 ? second : first;
        assertEquals(expected, results.get(i).get(60, TimeUnit.SECONDS).commit());
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(threads, mirrors.fetchCount());
    try (var entries = Files.list(temp.resolve("cache"))) {
      assertEquals(2, entries.count(), "one mirror and its lock file, no leftover clones");
    }
  }

  @Test
  void differentUrlsGetDifferentReadableMirrorFolders() throws Exception {
    Path one =
        mirrors.mirrorDir(TestOrigin.spec("https://git.example.com/acme/shop.git", ""), temp);
    Path two = mirrors.mirrorDir(TestOrigin.spec("git@git.example.com:other/shop.git", ""), temp);

    assertNotEquals(one, two);
    assertTrue(one.getFileName().toString().startsWith("shop-"), one.toString());
    assertTrue(two.getFileName().toString().startsWith("shop-"), two.toString());
    assertEquals(temp.resolve("cache"), one.getParent());
  }
}
