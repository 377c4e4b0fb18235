package dev.capstan.upkeep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PackageNameTest {

  /** PEP 503's own examples, and the runs it collapses. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "demolib, demolib",
    "Demo_Lib, demo-lib",
    "DEMO.LIB, demo-lib",
    "demo--lib, demo-lib",
    "demo-_.lib, demo-lib",
    "Django, django",
    "zope.interface, zope-interface",
    "friendly-bard, friendly-bard",
    "Friendly-Bard, friendly-bard",
    "FRIENDLY-BARD, friendly-bard",
    "friendly.bard, friendly-bard",
    "friendly_bard, friendly-bard",
    "friendly--bard, friendly-bard",
    "FrIeNdLy-._.-bArD, friendly-bard",
  })
  void normalisesAsPep503Says(String name, String normal) {
    assertEquals(normal, PackageName.normalize(name));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   "})
  void refusesAnEmptyName(String name) {
    assertThrows(IllegalArgumentException.class, () -> PackageName.normalize(name));
  }
}
