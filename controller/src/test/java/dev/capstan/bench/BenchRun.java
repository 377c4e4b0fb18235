package dev.capstan.bench;

import java.time.Duration;
import java.util.List;

/** What one run of the benchmark produced: the samples, notes for the record, and its context. */
record BenchRun(
    Measurements measurements,
    List<String> notes,
    String loadAtStart,
    String loadAtEnd,
    Duration took) {

  BenchRun {
    notes = List.copyOf(notes);
  }
}
