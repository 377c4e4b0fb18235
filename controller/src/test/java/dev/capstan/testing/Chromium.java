package dev.capstan.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Debian's {@code chromium}, headless, as a test's real browser: loads a URL and saves a screenshot
 * or prints the DOM it built. Fails naming the package when it is missing, never skips. Each call
 * has a profile folder of its own (so two calls never share a lock) and is killed, with every
 * process it started, when it ends or overruns.
 */
public final class Chromium {

  /** Chromium's first start on a busy machine takes tens of seconds. */
  public static final Duration TIMEOUT = Duration.ofSeconds(120);

  private static final Pattern STYLE = Pattern.compile("(?is)<(style|script)[^>]*>.*?</\\1>");
  private static final Pattern TAG = Pattern.compile("(?s)<[^>]*>");
  private static final Pattern SPACE = Pattern.compile("\\s+");

  private final Path program;
  private final Path work;

  private Chromium(Path program, Path work) {
    this.program = program;
    this.work = work;
  }

  /** Chromium with its profiles and output under {@code work}; fails when it is not installed. */
  public static Chromium in(Path work) {
    return new Chromium(RequiredTools.program("chromium", "chromium"), work);
  }

  /** Loads {@code url} in a {@code width}×{@code height} window and saves it as a PNG. */
  public void screenshot(String url, Path png, int width, int height) throws IOException {
    Files.createDirectories(png.toAbsolutePath().getParent());
    Files.deleteIfExists(png);
    run("--window-size=" + width + "," + height, "--screenshot=" + png.toAbsolutePath(), url);
    if (!Files.isRegularFile(png)) {
      fail("chromium saved no screenshot at " + png);
    }
  }

  /** The DOM chromium built from {@code url}, serialized as HTML. */
  public String dumpDom(String url) throws IOException {
    return run("--dump-dom", url);
  }

  /** What a reader sees of {@code html}: its text without markup, styles or scripts, one-spaced. */
  public static String text(String html) {
    String text = TAG.matcher(STYLE.matcher(html).replaceAll(" ")).replaceAll(" ");
    text =
        text.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&#61;", "=")
            .replace("&nbsp;", " ")
            .replace("&amp;", "&");
    return SPACE.matcher(text).replaceAll(" ").strip();
  }

  /** Runs chromium headless with {@code args}; its stdout, or a failure with its output. */
  private String run(String... args) throws IOException {
    Files.createDirectories(work);
    Path profile = Files.createTempDirectory(work, "chromium-profile-");
    Path out = Files.createTempFile(work, "chromium-", ".out");
    Path err = Files.createTempFile(work, "chromium-", ".err");
    List<String> command = new ArrayList<>();
    command.add(program.toString());
    // Tests run as root, where chromium refuses its sandbox; there is no GPU either.
    command.addAll(
        List.of(
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--user-data-dir=" + profile));
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().put("HOME", profile.toString());
    Process process = builder.start();
    try {
      if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        fail(
            "chromium did not finish within "
                + TIMEOUT.toSeconds()
                + " s: "
                + String.join(" ", command)
                + "\n"
                + tail(err));
      }
      if (process.exitValue() != 0) {
        fail("chromium exited with " + process.exitValue() + ":\n" + tail(err));
      }
      return Files.readString(out, StandardCharsets.UTF_8);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail("interrupted while chromium ran");
    } finally {
      // Chromium leaves zygote and GPU helpers behind when killed: end them first.
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }

  private static String tail(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    return text.length() <= 4000 ? text : text.substring(text.length() - 4000);
  }
}
