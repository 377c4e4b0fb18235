package dev.capstan.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The machine and tool versions a run measured, as Markdown list items. */
final class MachineDescription {

  private MachineDescription() {}

  static List<String> describe() {
    List<String> lines = new ArrayList<>();
    lines.add("CPU: " + output("nproc") + " × " + cpuModel());
    lines.add("memory: " + procLine(Path.of("/proc/meminfo"), "MemTotal:"));
    lines.add("kernel: " + output("uname", "-srm"));
    lines.add("java: " + String.join("; ", output("java", "-version").lines().toList()));
    lines.add("capistrano: " + output("cap", "--version"));
    lines.add("ansible: " + output("ansible", "--version").lines().findFirst().orElse("?"));
    lines.add("python3 (/usr/bin/python3): " + output("/usr/bin/python3", "--version"));
    lines.add("openssh: " + output("ssh", "-V"));
    return lines;
  }

  /** The 1, 5 and 15 minute load averages now. */
  static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  private static String cpuModel() {
    String line = procLine(Path.of("/proc/cpuinfo"), "model name");
    return line.substring(line.indexOf(':') + 1).strip();
  }

  private static String procLine(Path file, String prefix) {
    try {
      return Files.readAllLines(file).stream()
          .filter(l -> l.startsWith(prefix))
          .map(l -> l.substring(prefix.length()).strip())
          .findFirst()
          .orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** What a short command prints (stdout and stderr), or why it could not run. */
  private static String output(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
      String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return "did not answer";
      }
      return text.strip();
    } catch (IOException e) {
      return "not installed";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }
}
