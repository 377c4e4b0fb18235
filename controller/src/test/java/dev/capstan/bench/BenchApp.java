package dev.capstan.bench;

import dev.capstan.testing.GitRepo;
import java.nio.file.Path;

/**
 * The app every tool deploys: a small Python package in a real Git repository, with two commits
 * that differ in code only. Its requirements.txt names Django, which Debian's python3-django
 * satisfies in a virtualenv made with {@code --system-site-packages}: pip has nothing to install.
 */
record BenchApp(Path repository, String firstCommit, String codeOnlyCommit) {

  static BenchApp create(Path dir) {
    try (GitRepo repo = GitRepo.init(dir)) {
      repo.write(
              "requirements.txt",
              String.join(
                  "\n",
                  "# Satisfied by Debian's python3-django (virtualenv with --system-site-packages):",
                  "# pip resolves it and installs nothing.",
                  "Django",
                  ""))
          .write("README.md", "The app deployed by Capstan's benchmark (bench/).\n")
          .write("app/__init__.py", "")
          .write("app/settings.py", "SECRET_KEY = \"bench\"\nINSTALLED_APPS = []\n")
          .write("app/views.py", views(1));
      String first = repo.commit("v1");
      String second = repo.write("app/views.py", views(2)).commit("v2: code only");
      return new BenchApp(dir, first, second);
    }
  }

  private static String views(int version) {
    return "VERSION = " + version + "\n\n\ndef version(request=None):\n    return VERSION\n";
  }
}
