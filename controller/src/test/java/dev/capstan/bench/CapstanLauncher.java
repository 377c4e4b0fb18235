package dev.capstan.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How to start Capstan: always through {@code bench/capstan}, the one place for JVM flags; with
 * {@code CAPSTAN_CLASSPATH} in {@code env} it runs from a class path instead of the jar.
 */
record CapstanLauncher(Path script, Map<String, String> env) {

  CapstanLauncher {
    env = Map.copyOf(env);
  }

  /**
   * Capstan from this JVM's class path (the smoke runs: the test phase comes before {@code package}
   * makes the jar), still through {@code bench/capstan}.
   */
  static CapstanLauncher onTestClassPath(Path projectRoot) {
    return new CapstanLauncher(
        projectRoot.resolve("bench/capstan"),
        Map.of(
            "CAPSTAN_CLASSPATH", System.getProperty("java.class.path"),
            "JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString()));
  }

  List<String> command(String... args) {
    List<String> command = new ArrayList<>(List.of(script.toString()));
    command.addAll(List.of(args));
    return command;
  }
}
