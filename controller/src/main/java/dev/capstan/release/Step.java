package dev.capstan.release;

import dev.capstan.host.Shell;
import java.util.List;

/**
 * One command of a recipe, run in {@code /bin/sh} with the release as working directory, or one of
 * Capstan's own remote functions run as a step.
 *
 * @param name what progress and errors call it ({@code virtualenv}, {@code build[0]}, …)
 * @param command shell text; operator-written commands are run as written. For Capstan's own steps,
 *     what errors show (and the recipe hash covers) of the call
 * @param call empty for a shell command; else the function of the remote scripts and its arguments
 */
public record Step(String name, String command, List<String> call) {

  public Step {
    call = List.copyOf(call);
  }

  public Step(String name, String command) {
    this(name, command, List.of());
  }

  /** One of the remote scripts' functions as a step, shown as the call itself. */
  static Step builtin(String name, List<String> call) {
    StringBuilder shown = new StringBuilder(call.get(0));
    call.subList(1, call.size()).forEach(arg -> shown.append(' ').append(Shell.quote(arg)));
    return new Step(name, shown.toString(), call);
  }

  /** One of the remote scripts' functions as a step, shown as {@code command}. */
  static Step builtin(String name, String command, List<String> call) {
    return new Step(name, command, call);
  }

  /** Whether it is one of Capstan's own functions rather than a shell command. */
  boolean isBuiltin() {
    return !call.isEmpty();
  }
}
