package dev.capstan.remote;

import dev.capstan.host.ExecResult;
import dev.capstan.remote.Protocol.Marker;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one run of a {@link RemoteScript} reported, read from its output by the one parser of the
 * protocol: the records that carry its tag, how each step ended and the tails of its output. Every
 * other line (a login shell's noise, say) is ignored.
 */
public final class ScriptOutput {

  /** A step as the script was built with it. */
  record StepInfo(int index, String name, String command) {}

  /** One record: its marker and the rest of its line. */
  public record Record(Marker marker, String args) {}

  private final int exitStatus;
  private final String stderr;
  private final List<Record> records;
  private final List<StepResult> steps;

  private ScriptOutput(
      int exitStatus, String stderr, List<Record> records, List<StepResult> steps) {
    this.exitStatus = exitStatus;
    this.stderr = stderr;
    this.records = List.copyOf(records);
    this.steps = List.copyOf(steps);
  }

  static ScriptOutput parse(String tag, ExecResult result, List<StepInfo> infos) {
    Reader reader = new Reader(tag + " ");
    for (String line : result.stdout().split("\n", -1)) {
      reader.read(line);
    }
    List<StepResult> steps = new ArrayList<>();
    for (StepInfo info : infos) {
      steps.add(
          new StepResult(
              info.index(),
              info.name(),
              info.command(),
              reader.exits.get(info.index()),
              reader.tail(info.index() + " out"),
              reader.tail(info.index() + " err")));
    }
    return new ScriptOutput(result.exitStatus(), result.stderr(), reader.records, steps);
  }

  public int exitStatus() {
    return exitStatus;
  }

  public boolean succeeded() {
    return exitStatus == 0;
  }

  /** Whether the script stopped with {@code exit}. */
  public boolean exited(Protocol.Exit exit) {
    return exitStatus == exit.code();
  }

  /** The last lines of the command's own standard error (not a step's), for error messages. */
  public String stderrTail(int lines) {
    return new ExecResult(exitStatus, "", stderr).stderrTail(lines);
  }

  /** Every record, in the order printed. */
  public List<Record> records() {
    return records;
  }

  /** The arguments of every record with {@code marker}, in order. */
  public List<String> all(Marker marker) {
    return records.stream().filter(r -> r.marker() == marker).map(Record::args).toList();
  }

  /** The arguments of the last record with {@code marker}. */
  public Optional<String> last(Marker marker) {
    List<String> all = all(marker);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  public boolean has(Marker marker) {
    return records.stream().anyMatch(r -> r.marker() == marker);
  }

  /** Every step of the script, with its exit status when it ran and the tails sent back. */
  public List<StepResult> steps() {
    return steps;
  }

  /**
   * The step that failed, when the script did: the last one that reported a non-zero status, else
   * (the script died without saying, or before its first step) the step after the last that
   * succeeded, with the script's own status and standard error.
   */
  public Optional<StepResult> failure() {
    if (succeeded() || steps.isEmpty()) {
      return Optional.empty();
    }
    for (int i = steps.size() - 1; i >= 0; i--) {
      StepResult step = steps.get(i);
      if (step.exitStatus() != null && step.exitStatus() != 0) {
        return Optional.of(step);
      }
    }
    StepResult next =
        steps.stream()
            .filter(s -> s.exitStatus() == null)
            .findFirst()
            .orElse(steps.get(steps.size() - 1));
    return Optional.of(
        new StepResult(
            next.index(),
            next.name(),
            next.command(),
            exitStatus,
            "",
            stderrTail(Protocol.TAIL_LINES)));
  }

  /** Reads output line by line: records with the tag, and the frames of step output. */
  private static final class Reader {

    private final String prefix;
    private final List<Record> records = new ArrayList<>();
    private final Map<Integer, Integer> exits = new HashMap<>();
    private final Map<String, StringBuilder> tails = new LinkedHashMap<>();
    private StringBuilder frame;

    Reader(String prefix) {
      this.prefix = prefix;
    }

    void read(String line) {
      if (frame != null && line.startsWith(Protocol.DATA_PREFIX)) {
        frame.append(line, Protocol.DATA_PREFIX.length(), line.length()).append('\n');
        return;
      }
      if (!line.startsWith(prefix)) {
        return; // noise, or the newline a record begins with
      }
      // Data lines all begin with the prefix: any record ends a frame, even one cut short.
      frame = null;
      String rest = line.substring(prefix.length());
      int space = rest.indexOf(' ');
      Optional<Marker> marker = Marker.fromWire(space < 0 ? rest : rest.substring(0, space));
      String args = space < 0 ? "" : rest.substring(space + 1);
      marker.ifPresent(m -> record(m, args)); // else a marker of a newer protocol
    }

    private void record(Marker marker, String args) {
      switch (marker) {
        case TAIL_BEGIN -> frame = tails.computeIfAbsent(args.strip(), k -> new StringBuilder());
        case TAIL_END -> {}
        case STEP_EXIT -> {
          String[] parts = args.strip().split(" ");
          if (parts.length == 2 && isNumber(parts[0]) && isNumber(parts[1])) {
            exits.put(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
          }
        }
        default -> records.add(new Record(marker, args));
      }
    }

    String tail(String key) {
      StringBuilder tail = tails.get(key);
      return tail == null ? "" : tail.toString().stripTrailing();
    }

    private static boolean isNumber(String text) {
      return !text.isEmpty() && text.length() < 10 && text.chars().allMatch(Character::isDigit);
    }
  }
}
