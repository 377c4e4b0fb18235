package dev.capstan.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * What {@code bench/run} and {@code bench/scale} share as programs: options parsed (exit 2 with the
 * message when they are bad), the Capstan launcher on the bench folder, the run, the table printed
 * with where it was written; exit 1 on a failed or unverified measurement.
 */
final class BenchMain {

  /** A benchmark's run: measures, writes {@code results} and returns the table to print. */
  interface Run<O> {
    String run(O options, CapstanLauncher capstan) throws IOException;
  }

  private BenchMain() {}

  static <O> void main(
      String name,
      String[] args,
      Function<String[], O> parse,
      Function<O, Path> benchDir,
      Function<O, Path> results,
      Run<O> run) {
    O options;
    try {
      options = parse.apply(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    try {
      CapstanLauncher capstan =
          new CapstanLauncher(benchDir.apply(options).resolve("capstan"), Map.of());
      String table = run.run(options, capstan);
      System.out.println();
      System.out.println(table);
      System.out.println("written to " + results.apply(options));
      System.exit(0);
    } catch (IOException | RuntimeException | AssertionError e) {
      System.err.println(name + " failed: " + e.getMessage());
      e.printStackTrace();
      System.exit(1);
    }
  }
}
