package dev.capstan.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.host.LocalHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@code packages.py} reads versions from file names, on this machine's real python3. */
class PackageIndexLookupTest {

  @TempDir Path folder;

  @Test
  void versionsComeFromWheelAndSdistNamesOfTheProjectOnly() throws Exception {
    for (String file :
        List.of(
            "foo_bar-1.2.tar.gz",
            "foo-bar-1.3.zip",
            "Foo.Bar-2.0-py3-none-any.whl",
            "foo_bar-2.0-cp311-cp311-linux_x86_64.whl",
            "foo_barbaz-9.0.tar.gz",
            "other-1.0.tar.gz",
            "README.txt")) {
      Files.writeString(folder.resolve(file), "");
    }
    try (LocalHost host = new LocalHost()) {
      Map<String, List<String>> versions =
          PackageIndexLookup.versions(
              host,
              "python3",
              PackageSource.findLinks(folder.toString()),
              List.of("foo_bar", "missing"));
      assertEquals(
          List.of("1.2", "1.3", "2.0"), versions.get("foo_bar").stream().sorted().toList());
      assertEquals(List.of(), versions.get("missing"));
    }
  }

  @Test
  void aFolderThatIsNotThereIsAClearFailure() throws Exception {
    try (LocalHost host = new LocalHost()) {
      StepFailedException e =
          assertThrows(
              StepFailedException.class,
              () ->
                  PackageIndexLookup.versions(
                      host,
                      "python3",
                      PackageSource.findLinks(folder.resolve("nope").toString()),
                      List.of("demolib")));
      assertTrue(
          e.getMessage().contains("findLinks folder " + folder.resolve("nope")), e.getMessage());
    }
  }

  @Test
  void aUrlIsShownWithoutItsCredentials() {
    assertEquals(
        "https://index.example.com:8443/simple",
        PackageSource.url("https://user:tok%40en@index.example.com:8443/simple").shown());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PackageSource.url("ftp://u:secret@x/"));
    assertTrue(!e.getMessage().contains("secret"), e.getMessage());
  }
}
