package dev.capstan.upkeep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SimpleIndexPageTest {

  private static List<String> versions(String project, String html) {
    return SimpleIndexPage.versions(project, html).stream().map(Pep440Version::toString).toList();
  }

  @Test
  void readsTheFilesOfAPep503ProjectPage() {
    String html =
        """
        <!DOCTYPE html>
        <html><head><meta name="pypi:repository-version" content="1.1"><title>Links for demolib</title></head>
        <body><h1>Links for demolib</h1>
        <a href="../../packages/demolib-1.0.0-py3-none-any.whl#sha256=aa">demolib-1.0.0-py3-none-any.whl</a><br/>
        <a href="../../packages/demolib-1.0.1.tar.gz#sha256=bb" data-requires-python="&gt;=3.8">demolib-1.0.1.tar.gz</a><br/>
        <A HREF="demolib-2.0.0-py3-none-any.whl">demolib-2.0.0-py3-none-any.whl</A>
        <a href="demolib-3.0.0rc1-py3-none-any.whl">demolib-3.0.0rc1-py3-none-any.whl</a>
        </body></html>
        """;
    assertEquals(List.of("1.0.0", "1.0.1", "2.0.0", "3.0.0rc1"), versions("demolib", html));
  }

  @Test
  void skipsYankedFiles() {
    String html =
        """
        <a href="demolib-1.0.0-py3-none-any.whl">demolib-1.0.0-py3-none-any.whl</a>
        <a href="demolib-1.0.2-py3-none-any.whl" data-yanked="broken build">demolib-1.0.2-py3-none-any.whl</a>
        <a data-yanked href="demolib-1.0.3-py3-none-any.whl">demolib-1.0.3-py3-none-any.whl</a>
        """;
    assertEquals(List.of("1.0.0"), versions("demolib", html));
  }

  @Test
  void skipsOtherProjectsAndInvalidVersionsAndFallsBackToTheHref() {
    String html =
        """
        <a href="demolib-1.0.0.tar.gz">demolib-1.0.0.tar.gz</a>
        <a href="otherlib-5.0.tar.gz">otherlib-5.0.tar.gz</a>
        <a href="demolib-dev-snapshot.tar.gz">demolib-dev-snapshot.tar.gz</a>
        <a href="https://files.example/p/DemoLib-1.5-py3-none-any.whl#sha256=cc"></a>
        <a href="../">parent</a>
        """;
    assertEquals(List.of("1.0.0", "1.5"), versions("demolib", html));
  }

  @Test
  void anEmptyPageHasNoVersions() {
    assertEquals(List.of(), versions("demolib", "<html><body></body></html>"));
  }
}
