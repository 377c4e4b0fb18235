package dev.capstan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.testing.CliRun;
import dev.capstan.testing.GitRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pin}, {@code unpin}, {@code veto}, {@code unveto} without hosts: the state folder. */
class PinCommandsTest {

  @TempDir Path work;

  @Test
  void pinResolvesABranchToItsCommitAndKeepsItInTheStateFolderNotTheYaml() throws Exception {
    Path yaml = desiredState();
    String yamlBefore = Files.readString(yaml);
    String tip;
    try (GitRepo repo = GitRepo.init(work.resolve("repo"))) {
      tip = repo.write("app.py", "print(1)\n").commit("first");
    }

    CliRun pin = run("pin", yaml, "main", "--reason", "checkout broken");

    assertEquals(0, pin.exitCode(), pin.all());
    assertEquals(
        "Environment app-production: pinned to "
            + tip
            + " by pin: \"checkout broken\" (kept in "
            + work.resolve(".capstan-state")
            + ")\n",
        pin.out());
    String file = Files.readString(work.resolve(".capstan-state/app-production.pins.json"));
    assertTrue(file.contains(tip) && file.contains("\"setBy\" : \"pin\""), file);
    assertEquals(yamlBefore, Files.readString(yaml));

    CliRun unpin = run("unpin", yaml);
    assertEquals(0, unpin.exitCode(), unpin.all());
    assertTrue(unpin.out().contains("unpinned"), unpin.all());
    assertFalse(Files.exists(work.resolve(".capstan-state/app-production.pins.json")));
  }

  @Test
  void anUnknownCommitIsAUsageErrorAndNothingIsWritten() throws Exception {
    Path yaml = desiredState();
    try (GitRepo repo = GitRepo.init(work.resolve("repo"))) {
      repo.write("app.py", "print(1)\n").commit("first");
    }

    CliRun veto = run("veto", yaml, "nosuchbranch");

    assertEquals(2, veto.exitCode(), veto.all());
    assertTrue(veto.err().contains("revision \"nosuchbranch\" not found"), veto.all());
    assertFalse(Files.exists(work.resolve(".capstan-state")));
  }

  @Test
  void anUnknownEnvironmentOrNoModeIsAUsageError() throws Exception {
    Path yaml = desiredState();
    CliRun unknown =
        CliRun.run("unpin", "-f", yaml.toString(), "--env", "nope", "--state-dir", state());
    assertEquals(2, unknown.exitCode(), unknown.all());
    assertTrue(unknown.err().contains("no Environment named \"nope\""), unknown.all());

    CliRun neither = CliRun.run("unpin", "--env", "app-production");
    assertEquals(2, neither.exitCode(), neither.all());
    assertTrue(neither.err().contains("give -f PATH (file mode) or --kubernetes"), neither.all());

    CliRun shortRef = CliRun.run("veto", "--kubernetes", "--env", "app-production", "main");
    assertEquals(2, shortRef.exitCode(), shortRef.all());
    assertTrue(shortRef.err().contains("must be a commit id"), shortRef.all());
  }

  private CliRun run(String command, Path yaml, String... rest) {
    String[] args = new String[7 + rest.length];
    args[0] = command;
    args[1] = "-f";
    args[2] = yaml.toString();
    args[3] = "--env";
    args[4] = "app-production";
    args[5] = "--cache-dir";
    args[6] = work.resolve("cache").toString();
    System.arraycopy(rest, 0, args, 7, rest.length);
    return CliRun.run(args);
  }

  private String state() {
    return work.resolve("state").toString();
  }

  private Path desiredState() throws Exception {
    Path yaml = work.resolve("capstan.yaml");
    Files.writeString(
        yaml,
        String.join(
            "\n",
            "apiVersion: capstan.dev/v1alpha1",
            "kind: Application",
            "metadata: {name: app}",
            "spec: {repository: {url: repo}, deployPath: /srv/app}",
            "---",
            "apiVersion: capstan.dev/v1alpha1",
            "kind: Environment",
            "metadata: {name: app-production}",
            "spec: {application: app, revision: main, hosts: [local]}",
            ""));
    return yaml;
  }
}
