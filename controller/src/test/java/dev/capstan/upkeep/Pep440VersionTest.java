package dev.capstan.upkeep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Pep440VersionTest {

  /** PEP 440, "Summary of permitted suffixes and relative ordering", in its own order. */
  private static final List<String> PEP_ORDER =
      List.of(
          "1.0.dev456",
          "1.0a1",
          "1.0a2.dev456",
          "1.0a12.dev456",
          "1.0a12",
          "1.0b1.dev456",
          "1.0b2",
          "1.0b2.post345.dev456",
          "1.0b2.post345",
          "1.0rc1.dev456",
          "1.0rc1",
          "1.0",
          "1.0+abc.5",
          "1.0+abc.7",
          "1.0+5",
          "1.0.post456.dev34",
          "1.0.post456",
          "1.0.15",
          "1.1.dev1");

  @Test
  void ordersThePepsOwnExampleList() {
    for (int i = 0; i < PEP_ORDER.size(); i++) {
      for (int j = 0; j < PEP_ORDER.size(); j++) {
        Pep440Version a = Pep440Version.parse(PEP_ORDER.get(i));
        Pep440Version b = Pep440Version.parse(PEP_ORDER.get(j));
        assertEquals(
            Integer.signum(Integer.compare(i, j)),
            Integer.signum(a.compareTo(b)),
            PEP_ORDER.get(i) + " vs " + PEP_ORDER.get(j));
      }
    }
  }

  @Test
  void sortingAShuffledListGivesThePepsOrder() {
    List<Pep440Version> shuffled = new ArrayList<>();
    PEP_ORDER.forEach(v -> shuffled.add(Pep440Version.parse(v)));
    Collections.shuffle(shuffled, new Random(440));
    Collections.sort(shuffled);
    assertEquals(PEP_ORDER, shuffled.stream().map(Pep440Version::toString).toList());
  }

  @ParameterizedTest(name = "{0} < {1}")
  @CsvSource({
    "2.0, 1!1.0",
    "1!1.0, 1!1.0.post1",
    "1!2.0, 2!0.1",
    "1.0, 1.0.1",
    "1.9, 1.10",
    "1.0.1rc1, 1.0.1",
    "1.0.0, 1.0.1rc1",
    "1.0.1.dev0, 1.0.1a0",
    "1.0.post1, 1.0.post2",
    "1.0, 1.0.post1",
    "1.0.post1, 1.0.1",
    "1.0a1, 1.0b1",
    "1.0b1, 1.0c1",
    "1.0+abc, 1.0+abc.1",
    "1.0+abc.9, 1.0+abc.10",
    "1.0+zzz, 1.0+1",
    "1.0+1, 1.0+1.a",
    "1.0.dev1, 1.0.dev2",
    "1.0a1.dev1, 1.0a1",
    "1.0.post1.dev1, 1.0.post1",
    "0.dev1, 0",
  })
  void ordersPairs(String lower, String higher) {
    Pep440Version a = Pep440Version.parse(lower);
    Pep440Version b = Pep440Version.parse(higher);
    assertTrue(a.compareTo(b) < 0, lower + " < " + higher);
    assertTrue(b.compareTo(a) > 0, higher + " > " + lower);
    assertFalse(a.equals(b));
  }

  @ParameterizedTest(name = "{0} == {1}")
  @CsvSource({
    "1.0, 1.0.0",
    "1.0, 1",
    "1.0.0.0, 1",
    "0!1.0, 1.0",
    "1.0+ABC.1, 1.0+abc-1",
    "1.0+abc_01, 1.0+abc.1",
    "1.0rc1, 1.0c1",
  })
  void equalVersions(String a, String b) {
    Pep440Version x = Pep440Version.parse(a);
    Pep440Version y = Pep440Version.parse(b);
    assertEquals(0, x.compareTo(y));
    assertEquals(x, y);
    assertEquals(x.hashCode(), y.hashCode());
  }

  /** The normalisations PEP 440 lists, each with the form it names. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "1.0|1.0",
        "1.1RC1|1.1rc1",
        "00|0",
        "09000|9000",
        "1.0.01|1.0.1",
        "1!01.2|1!1.2",
        "0!1.0|1.0",
        "1.1a1|1.1a1",
        "1.1.a1|1.1a1",
        "1.1-a1|1.1a1",
        "1.1_a1|1.1a1",
        "1.1alpha1|1.1a1",
        "1.1beta2|1.1b2",
        "1.1c3|1.1rc3",
        "1.1pre4|1.1rc4",
        "1.1preview5|1.1rc5",
        "1.0a.1|1.0a1",
        "1.0-b-1|1.0b1",
        "1.2a|1.2a0",
        "1.2.post2|1.2.post2",
        "1.2-post2|1.2.post2",
        "1.2_post2|1.2.post2",
        "1.2post2|1.2.post2",
        "1.2.post.2|1.2.post2",
        "1.0-r4|1.0.post4",
        "1.0-rev4|1.0.post4",
        "1.2.post|1.2.post0",
        "1.0-1|1.0.post1",
        "1.2-dev2|1.2.dev2",
        "1.2dev2|1.2.dev2",
        "1.2_dev2|1.2.dev2",
        "1.2.dev|1.2.dev0",
        "1.0+ubuntu-1|1.0+ubuntu.1",
        "1.0+Ubuntu_1|1.0+ubuntu.1",
        "v1.0|1.0",
        "V1.0|1.0",
        "'  1.0 \n'|1.0",
        "1.0.POST1.DEV2|1.0.post1.dev2",
        "2!1.0a1.post2.dev3+local.7|2!1.0a1.post2.dev3+local.7",
      })
  void normalises(String written, String normal) {
    assertEquals(normal, Pep440Version.parse(written).toString());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "  ",
        "1.0.",
        "a1.0",
        "1.0+",
        "1.0+abc..1",
        "1.0 beta",
        "1..0",
        "1.0-",
        "latest",
        "1.0+ab@c",
        "1!"
      })
  void rejectsWhatIsNotAVersion(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Pep440Version.parse(text));
    assertTrue(e.getMessage().contains("\"" + text + "\""), e.getMessage());
    assertFalse(Pep440Version.isValid(text));
  }

  @ParameterizedTest
  @CsvSource({
    "1.0, false",
    "1.0.post1, false",
    "1.0+local, false",
    "1.0a1, true",
    "1.0rc2, true",
    "1.0.dev3, true",
    "1.0.post1.dev1, true",
  })
  void knowsPreReleases(String text, boolean pre) {
    assertEquals(pre, Pep440Version.parse(text).isPreRelease());
  }

  @Test
  void publicVersionDropsTheLocalLabel() {
    Pep440Version v = Pep440Version.parse("1.0.post1+abc.2");
    assertTrue(v.isLocal());
    assertEquals("1.0.post1", v.publicVersion().toString());
  }
}
