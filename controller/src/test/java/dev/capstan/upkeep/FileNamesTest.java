package dev.capstan.upkeep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FileNamesTest {

  @ParameterizedTest(name = "{0}: {1} -> {2}")
  @CsvSource(
      nullValues = "-",
      value = {
        "demolib, demolib-1.0.0-py3-none-any.whl, 1.0.0",
        "demolib, demolib-1.0.1-1-py3-none-any.whl, 1.0.1",
        "demolib, demolib-1.0.0.tar.gz, 1.0.0",
        "demolib, demolib-2.0.0.zip, 2.0.0",
        "demolib, demolib-2.0.0.tar.bz2, 2.0.0",
        "Demo-Lib, demo_lib-1.0-py3-none-any.whl, 1.0",
        "demo_lib, Demo-Lib-1.0rc1.tar.gz, 1.0rc1",
        "django-debug-toolbar, django-debug-toolbar-4.2.0.tar.gz, 4.2.0",
        "django-debug-toolbar, django_debug_toolbar-4.2.0-py3-none-any.whl, 4.2.0",
        "demolib, demolib-1.0.post1-cp311-cp311-manylinux_2_17_x86_64.whl, 1.0.post1",
        "demolib, demolib2-1.0.0.tar.gz, -",
        "demolib, otherlib-1.0.0-py3-none-any.whl, -",
        "demolib, demolib-latest.tar.gz, -",
        "demolib, demolib-1.0.0.exe, -",
        "demolib, demolib-1.0.0-py3.whl, -",
        "demolib, index.html, -",
      })
  void readsTheVersionOfAFileName(String project, String file, String version) {
    assertEquals(
        version == null ? List.of() : List.of(Pep440Version.parse(version)),
        FileNames.versions(project, List.of(file)));
  }

  @Test
  void listsDistinctVersionsAscending() {
    List<String> folder =
        Arrays.asList(
            "demolib-2.0.0-py3-none-any.whl",
            "demolib-1.0.1.tar.gz",
            "demolib-1.0.1-py3-none-any.whl",
            "demolib-1.0.0-py3-none-any.whl",
            "otherlib-9.0-py3-none-any.whl",
            "demolib-nonsense.tar.gz");
    assertEquals(
        List.of("1.0.0", "1.0.1", "2.0.0"),
        FileNames.versions("demolib", folder).stream().map(Pep440Version::toString).toList());
  }
}
