package dev.capstan.host;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The moment one command must be finished by, shared by every wait of that command. */
record Deadline(long atNanos, Duration timeout) {

  static Deadline after(Duration timeout) {
    return new Deadline(System.nanoTime() + timeout.toNanos(), timeout);
  }

  /** Nanoseconds left, never negative. */
  long remainingNanos() {
    return Math.max(0, atNanos - System.nanoTime());
  }

  long remainingMillis() {
    return TimeUnit.NANOSECONDS.toMillis(remainingNanos());
  }

  boolean expired() {
    return remainingNanos() == 0;
  }

  /** The timeout as people write it: {@code 30s}, {@code 1500ms}. */
  String describe() {
    long millis = timeout.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
  }
}
