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

  List<String> command(String... args) {
    List<String> command = new ArrayList<>(List.of(script.toString()));
    command.addAll(List.of(args));
    return command;
  }
}
