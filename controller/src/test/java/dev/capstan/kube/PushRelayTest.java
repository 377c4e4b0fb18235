package dev.capstan.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What one replica writes of the pushes it received and what another makes of it. */
class PushRelayTest {

  private static final String A = "capstan-member-a";
  private static final String B = "capstan-member-b";

  @Test
  void aPushWrittenByOneReplicaIsNewsToAnotherOnceAndNeverToItself() {
    PushRelay sender = new PushRelay();
    PushRelay reader = new PushRelay();
    assertNull(sender.annotation(), "nothing to tell before the first push");
    assertEquals(List.of(), reader.news(List.of(lease(A, null)), B), "first sight: only noted");

    sender.received(List.of("https://git.example/shop.git"));
    sender.received(List.of("git@git.example:shop.git"));
    String written = sender.annotation();
    assertEquals("1 https://git.example/shop.git git@git.example:shop.git", written);
    assertEquals(written, sender.annotation(), "carried unchanged until the next push");

    assertEquals(
        List.of(List.of("https://git.example/shop.git", "git@git.example:shop.git")),
        reader.news(List.of(lease(A, written), lease(B, "7 other")), B));
    assertEquals(List.of(), reader.news(List.of(lease(A, written)), B), "told once");
    assertEquals(List.of(), sender.news(List.of(lease(A, written)), A), "not its own");
  }

  @Test
  void aPushWithoutUrlsOrWithTooManyIsEveryRepository() {
    PushRelay sender = new PushRelay();
    PushRelay reader = new PushRelay();
    reader.news(List.of(lease(A, null)), B);

    sender.received(List.of());
    sender.received(List.of("https://git.example/shop.git"));
    assertEquals("1", sender.annotation());
    assertEquals(List.of(List.of()), reader.news(List.of(lease(A, "1")), B));

    IntStream.rangeClosed(0, PushRelay.MAX_URLS)
        .forEach(i -> sender.received(List.of("https://git.example/app-" + i + ".git")));
    assertEquals("2", sender.annotation());
  }

  @Test
  void aReplicaThatJoinsLaterDoesNotRepeatOldPushes() {
    PushRelay joining = new PushRelay();
    assertEquals(List.of(), joining.news(List.of(lease(A, "5 https://git.example/a.git")), B));
    assertEquals(
        List.of(List.of()), joining.news(List.of(lease(A, "6")), B), "the next one is news");
  }

  private static Lease lease(String name, String push) {
    ObjectMetaBuilder meta = new ObjectMetaBuilder().withName(name);
    if (push != null) {
      meta.addToAnnotations(PushRelay.ANNOTATION, push);
    }
    return new LeaseBuilder().withMetadata(meta.build()).build();
  }
}
