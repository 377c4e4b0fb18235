package dev.capstan.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A PEP 503 simple package index in a folder ({@code simple/index.html}, {@code
 * simple/<name>/index.html} whose anchors point at {@code ../../files/<wheel>#sha256=…}), served by
 * a real {@code python3 -m http.server} on 127.0.0.1, started here and stopped by {@link #close()}.
 * Build it with {@link #add}, then {@link #serve()}; pip installs from {@link #url()}.
 */
public final class PackageIndex implements AutoCloseable {

  private final Path root;
  private final Map<String, List<String>> anchors = new TreeMap<>();
  private Process server;
  private int port;

  private PackageIndex(Path root) {
    this.root = root;
  }

  /** An empty index in {@code root} (created). */
  public static PackageIndex in(Path root) throws IOException {
    Files.createDirectories(root.resolve("files"));
    Files.createDirectories(root.resolve("simple"));
    return new PackageIndex(root);
  }

  /** Adds a wheel of {@code name} {@code version} built by {@link Wheels}; pages rewritten. */
  public PackageIndex add(String name, String version) throws IOException {
    return add(name, version, "", false);
  }

  /**
   * Adds a wheel with {@code extraCode} in its {@code __init__.py}; {@code yanked} marks its anchor
   * {@code data-yanked} (PEP 592).
   */
  public PackageIndex add(String name, String version, String extraCode, boolean yanked)
      throws IOException {
    return add(name, version, extraCode, yanked, List.of());
  }

  /** As {@link #add(String, String, String, boolean)}, depending on {@code requires}. */
  public PackageIndex add(
      String name, String version, String extraCode, boolean yanked, List<String> requires)
      throws IOException {
    Path wheel = Wheels.write(root.resolve("files"), name, version, extraCode, requires);
    String anchor =
        "<a href=\"../../files/"
            + wheel.getFileName()
            + "#sha256="
            + Wheels.sha256Hex(wheel)
            + "\""
            + (yanked ? " data-yanked=\"\"" : "")
            + ">"
            + wheel.getFileName()
            + "</a><br/>";
    anchors.computeIfAbsent(normalise(name), n -> new ArrayList<>()).add(anchor);
    writePages();
    return this;
  }

  /** The folder the wheels are in: a {@code findLinks} folder as it is. */
  public Path files() {
    return root.resolve("files");
  }

  /** Starts {@code python3 -m http.server} on a free port and waits until it answers. */
  public PackageIndex serve() throws IOException {
    Path python = RequiredTools.program("python3", "python3");
    port = RequiredTools.freePort();
    server =
        new ProcessBuilder(
                python.toString(), "-m", "http.server", "--bind", "127.0.0.1", String.valueOf(port))
            .directory(root.toFile())
            .redirectErrorStream(true)
            .redirectOutput(root.resolve("server.log").toFile())
            .start();
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    Eventually.await(
        Duration.ofSeconds(30),
        "the package index answers on port " + port,
        () -> {
          if (!server.isAlive()) {
            throw new IllegalStateException("http.server exited: " + log());
          }
          HttpRequest request = HttpRequest.newBuilder(URI.create(url() + "/")).build();
          return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        });
    return this;
  }

  /** The simple index's URL: {@code http://127.0.0.1:PORT/simple}. */
  public String url() {
    if (server == null) {
      throw new IllegalStateException("the index is not served yet");
    }
    return "http://127.0.0.1:" + port + "/simple";
  }

  /** What the server logged: one line per request. */
  public String log() {
    try {
      return Files.readString(root.resolve("server.log"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (server != null) {
      server.destroy();
      try {
        if (!server.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
          server.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        server.destroyForcibly();
      }
    }
  }

  private void writePages() throws IOException {
    StringBuilder index = new StringBuilder("<!DOCTYPE html>\n<html><body>\n");
    for (Map.Entry<String, List<String>> project : anchors.entrySet()) {
      index.append("<a href=\"").append(project.getKey()).append("/\">");
      index.append(project.getKey()).append("</a><br/>\n");
      Path dir = Files.createDirectories(root.resolve("simple").resolve(project.getKey()));
      Files.writeString(
          dir.resolve("index.html"),
          "<!DOCTYPE html>\n<html><body>\n"
              + String.join("\n", project.getValue())
              + "\n</body></html>\n");
    }
    Files.writeString(root.resolve("simple/index.html"), index + "</body></html>\n");
  }

  private static String normalise(String name) {
    return name.replaceAll("[-_.]+", "-").toLowerCase();
  }
}
