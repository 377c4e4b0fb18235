package dev.capstan.bench;

import java.time.Duration;
import java.util.List;

/**
 * What one run of the benchmark produced: the samples (wall time, and the CPU seconds of each
 * tool's own process where a tool ran a command), notes for the record, and its context.
 */
record BenchRun(
    Measurements measurements,
    Measurements cpu,
    List<String> notes,
    String loadAtStart,
    String loadAtEnd,
    Duration took) {

  BenchRun {
    notes = List.copyOf(notes);
  }
}
