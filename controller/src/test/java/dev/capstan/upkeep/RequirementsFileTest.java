package dev.capstan.upkeep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.capstan.upkeep.RequirementsFile.Change;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequirementsFileTest {

  private static final String FILE =
      "# production pins\r\n"
          + "-r base.txt\r\n"
          + "--index-url https://pypi.example/simple\r\n"
          + "\r\n"
          + "Demo_Lib[extra1, extra2] == 1.0.0 ; python_version >= \"3.8\"  # security\r\n"
          + "django==4.2.7\r\n"
          + "requests>=2.31\r\n"
          + "-e git+https://example/x.git#egg=x\r\n"
          + "celery~=5.3.0\r\n"
          + "urllib3==2.*\r\n"
          + "idna==3.4,!=3.5\r\n"
          + "whitenoise==6.6.0   \r\n"
          + "gunicorn===21.2.0\r\n"
          + "pkg @ https://example/pkg-1.0.tar.gz\r\n"
          + "   # django==1.0 in a comment\r\n"
          + "sqlparse==0.4.4";

  @Test
  void keepsTheTextExactly() {
    assertEquals(FILE, RequirementsFile.parse(FILE).text());
    assertEquals("", RequirementsFile.parse("").text());
    assertEquals("a==1\n\n", RequirementsFile.parse("a==1\n\n").text());
  }

  @Test
  void pinsAreTheDoubleEqualsLinesByNormalisedName() {
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("demo-lib", "1.0.0");
    expected.put("django", "4.2.7");
    expected.put("whitenoise", "6.6.0");
    expected.put("sqlparse", "0.4.4");
    assertEquals(expected, RequirementsFile.parse(FILE).pins());
  }

  @Test
  void withVersionsChangesOnlyTheVersionsOfNamedPins() {
    String upgraded =
        RequirementsFile.parse(FILE)
            .withVersions(
                Map.of(
                    "demo-lib", "1.0.1", "Django", "4.2.8", "requests", "9.9", "sqlparse", "0.5.0"))
            .text();
    String expected =
        FILE.replace("== 1.0.0 ;", "== 1.0.1 ;")
            .replace("django==4.2.7", "django==4.2.8")
            .replace("sqlparse==0.4.4", "sqlparse==0.5.0");
    assertEquals(expected, upgraded);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "demolib==1.0.0|demolib==1.0.1",
        "demolib==1.0.0\\n|demolib==1.0.1\\n",
        "demolib==1.0.0\\r\\n|demolib==1.0.1\\r\\n",
        "\"  demolib == 1.0.0  # pinned\\n\"|\"  demolib == 1.0.1  # pinned\\n\"",
        "DemoLib==1.0.0;sys_platform=='linux'|DemoLib==1.0.1;sys_platform=='linux'",
        "demolib[a]==1.0.0 --hash=sha256:abc|demolib[a]==1.0.1 --hash=sha256:abc",
        "demolib>=1.0.0|demolib>=1.0.0",
        "demolib==1.0.*|demolib==1.0.*",
        "demolib==1.0.0 \\|demolib==1.0.0 \\",
        "\"# demolib==1.0.0\"|\"# demolib==1.0.0\"",
        "demolib-extra==1.0.0|demolib-extra==1.0.0",
      })
  void rewritesOneLine(String line, String expected) {
    assertEquals(
        unescape(expected),
        RequirementsFile.parse(unescape(line)).withVersions(Map.of("demolib", "1.0.1")).text());
  }

  private static String unescape(String text) {
    return text.replace("\\r", "\r").replace("\\n", "\n");
  }

  @Test
  void changesListsOldAndNewInFileOrder() {
    RequirementsFile file = RequirementsFile.parse(FILE);
    assertEquals(
        List.of(new Change("demo-lib", "1.0.0", "1.0.1"), new Change("sqlparse", "0.4.4", "0.5.0")),
        file.changes(
            Map.of("sqlparse", "0.5.0", "demo_lib", "1.0.1", "django", "4.2.7.0", "celery", "6")));
  }

  @Test
  void aNewVersionThatIsNotPep440IsRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> RequirementsFile.parse(FILE).withVersions(Map.of("django", "5.0; rm -rf")));
    assertEquals("version for django is not a PEP 440 version: \"5.0; rm -rf\"", e.getMessage());
  }
}
