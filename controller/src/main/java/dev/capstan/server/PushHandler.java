package dev.capstan.server;

import java.util.Optional;

/** Receives verified webhook deliveries; implementations enqueue work and return at once. */
@FunctionalInterface
public interface PushHandler {

  /** {@code push} names what moved; empty means "poll every repository now". */
  void push(Optional<Push> push);
}
