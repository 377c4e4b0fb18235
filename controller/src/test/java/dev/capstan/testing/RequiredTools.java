package dev.capstan.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Tests that need a real program fail, saying what to install: they are never skipped. */
public final class RequiredTools {

  private RequiredTools() {}

  /** The program's path on PATH; fails naming the Debian package when it is not there. */
  public static Path program(String name, String debianPackage) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return fail(
        name
            + " is not installed, and this test runs the real one: apt-get install "
            + debianPackage);
  }

  /** Fails naming the Debian package when {@code python} cannot import {@code module}. */
  public static void pythonModule(Path python, String module, String debianPackage) {
    try {
      Process check =
          new ProcessBuilder(python.toString(), "-c", "import " + module)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!check.waitFor(60, TimeUnit.SECONDS)) {
        check.destroyForcibly();
        fail(python + " did not finish importing " + module + " within 60 s");
      }
      if (check.exitValue() != 0) {
        fail(
            python
                + " cannot import "
                + module
                + ", and this test runs the real one: "
                + "apt-get install "
                + debianPackage);
      }
    } catch (IOException e) {
      fail("cannot run " + python + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail("interrupted");
    }
  }

  /** A TCP port on 127.0.0.1 that nothing listened on a moment ago. */
  public static int freePort() throws IOException {
    try (java.net.ServerSocket socket =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
