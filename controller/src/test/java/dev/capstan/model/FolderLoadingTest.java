package dev.capstan.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderLoadingTest {

  private static final String APPLICATION =
      """
      apiVersion: capstan.dev/v1alpha1
      kind: Application
      metadata: {name: app}
      spec:
        repository: {url: ../app.git}
        deployPath: /srv/app
      """;
  private static final String ENVIRONMENT =
      """
      apiVersion: capstan.dev/v1alpha1
      kind: Environment
      metadata: {name: app-production}
      spec:
        application: app
        revision: v1.2.0
        hosts: [local]
      """;

  @TempDir Path folder;

  @Test
  void loadsAnApplicationAndAnEnvironmentFromTwoFiles() throws Exception {
    Files.writeString(folder.resolve("app.yaml"), APPLICATION);
    Files.createDirectories(folder.resolve("envs"));
    Files.writeString(folder.resolve("envs/production.yml"), ENVIRONMENT);
    Files.writeString(folder.resolve("production.yml"), ENVIRONMENT);

    DesiredState state = DesiredStateLoader.load(folder);

    assertEquals(Set.of("app"), state.applications().keySet());
    assertEquals(Set.of("app-production"), state.environments().keySet());
    assertEquals(folder.toAbsolutePath(), state.applications().get("app").baseDir());
    Environment production = state.environments().get("app-production");
    assertEquals(state.applications().get("app"), state.applicationOf(production));
  }

  @Test
  void reportsAProblemInEachFile() throws Exception {
    Path app = folder.resolve("a.yaml");
    Path environment = folder.resolve("b.yaml");
    Files.writeString(app, APPLICATION.replace("/srv/app", "/srv/app/"));
    Files.writeString(environment, ENVIRONMENT.replace("[local]", "[local, local]"));

    InvalidDesiredStateException e =
        assertThrows(InvalidDesiredStateException.class, () -> DesiredStateLoader.load(folder));

    assertEquals(
        List.of(
            app + ":6:15: spec.deployPath: must not end with \"/\"",
            environment
                + ":7:18: spec.hosts[1]: duplicate host: same host and port as spec.hosts[0]"),
        e.problems().stream().map(Problem::toString).toList());
  }

  @Test
  void findsDuplicatesAcrossFilesAndNamesTheFirst() throws Exception {
    Path first = folder.resolve("a.yaml");
    Path second = folder.resolve("b.yml");
    Files.writeString(first, APPLICATION);
    Files.writeString(second, "\n" + APPLICATION);

    InvalidDesiredStateException e =
        assertThrows(InvalidDesiredStateException.class, () -> DesiredStateLoader.load(folder));

    assertEquals(
        second
            + ":4:18: metadata.name: duplicate Application \"app\"; first declared at "
            + first
            + ":3",
        e.getMessage());
  }

  @Test
  void ignoresOtherFilesSubfoldersAndHiddenFiles() throws Exception {
    Files.writeString(folder.resolve("app.yaml"), APPLICATION);
    Files.writeString(folder.resolve("README.md"), "not: [yaml");
    Files.writeString(folder.resolve(".app.yaml.swp"), "not: [yaml");
    Files.writeString(folder.resolve(".#app.yaml"), "not: [yaml");
    Files.createDirectories(folder.resolve("old.yaml"));

    assertEquals(Set.of("app"), DesiredStateLoader.load(folder).applications().keySet());
  }

  @Test
  void reportsAFileThatIsNotUtf8AndGoesOnWithTheOthers() throws Exception {
    Path binary = folder.resolve("a.yaml");
    Files.write(binary, new byte[] {'a', ':', ' ', (byte) 0xff, (byte) 0xfe, '\n'});
    Path app = folder.resolve("b.yaml");
    Files.writeString(app, APPLICATION + "  keepReleases: -1\n");

    InvalidDesiredStateException e =
        assertThrows(InvalidDesiredStateException.class, () -> DesiredStateLoader.load(folder));

    assertEquals(
        List.of(
            binary + ":1:1: cannot read the file: it is not valid UTF-8",
            app + ":7:17: spec.keepReleases: must be at least 1"),
        e.problems().stream().map(Problem::toString).toList());
  }

  @Test
  void refusesAFolderWithoutDocuments() throws Exception {
    Files.writeString(folder.resolve("notes.txt"), APPLICATION);
    Files.writeString(folder.resolve("old.yaml"), "# retired\n---\n");

    InvalidDesiredStateException e =
        assertThrows(InvalidDesiredStateException.class, () -> DesiredStateLoader.load(folder));

    assertEquals(
        folder
            + ":1:1: no Application or Environment in any *.yaml or *.yml file of this folder"
            + " (empty desired state is refused: it would stop Capstan managing every host)",
        e.getMessage());
  }

  @Test
  void refusesTwoEnvironmentsOnOneHostFolderAcrossFiles() throws Exception {
    Path app = Files.writeString(folder.resolve("a.yaml"), APPLICATION + "---\n" + ENVIRONMENT);
    Path staging =
        Files.writeString(
            folder.resolve("b.yaml"),
            ENVIRONMENT
                .replace("app-production", "app-staging")
                .replace("[local]", "[web1, local]"));

    InvalidDesiredStateException e =
        assertThrows(InvalidDesiredStateException.class, () -> DesiredStateLoader.load(folder));

    assertEquals(
        List.of(
            staging
                + ":7:17: spec.hosts[1]: host \"local\" with deployPath \"/srv/app\" is already"
                + " deployed to by Environment \"app-production\" at "
                + app
                + ":14:11;"
                + " two Environments must not share a folder on one host"),
        e.problems().stream().map(Problem::toString).toList());
  }
}
