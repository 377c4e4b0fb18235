package dev.capstan.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --load N}: N CPU-bound processes ({@code sh} spinning in a loop) beside every measurement,
 * as on a machine with other work; stopped, with their children, when the run ends.
 */
final class BusyLoad implements AutoCloseable {

  private final List<Process> processes = new ArrayList<>();

  BusyLoad(int count) {
    try {
      for (int i = 0; i < count; i++) {
        processes.add(new ProcessBuilder("sh", "-c", "while :; do :; done").start());
      }
    } catch (IOException e) {
      close();
      throw new UncheckedIOException("cannot start the busy processes of --load", e);
    }
  }

  int size() {
    return processes.size();
  }

  @Override
  public void close() {
    processes.forEach(Process::destroyForcibly);
  }
}
