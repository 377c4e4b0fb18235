package dev.capstan.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Fails before anything starts when a program the run needs is missing, naming the package. */
final class ToolsInstalled {

  private ToolsInstalled() {}

  static void require(List<Tool> tools) {
    List<String> missing = new ArrayList<>();
    need(missing, onPath("git"), "git");
    need(missing, onPath("ssh"), "openssh-client");
    need(
        missing,
        Files.isDirectory(Path.of("/usr/lib/python3/dist-packages/django")),
        "python3-django");
    need(missing, Files.isDirectory(Path.of("/usr/share/python-wheels")), "python3-venv");
    if (tools.contains(Tool.CAPISTRANO)) {
      need(missing, onPath("cap"), "capistrano");
    }
    if (tools.contains(Tool.ANSIBLE)) {
      need(missing, onPath("ansible-playbook"), "ansible");
    }
    if (!missing.isEmpty()) {
      throw new BenchFailure(
          "missing programs; install them with: apt-get install "
              + String.join(" ", missing)
              + " (bench/run does it)");
    }
  }

  private static void need(List<String> missing, boolean present, String debianPackage) {
    if (!present) {
      missing.add(debianPackage);
    }
  }

  private static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }
}
