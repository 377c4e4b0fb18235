package dev.capstan.e2e;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Keeps a copy of everything written to {@code System.err} while started (where the CLI's log goes)
 * and still lets it through.
 */
final class StderrCapture {

  private final ByteArrayOutputStream copy = new ByteArrayOutputStream();
  private PrintStream original;

  void start() {
    original = System.err;
    PrintStream through = original;
    OutputStream tee =
        new OutputStream() {
          @Override
          public void write(int b) {
            synchronized (copy) {
              copy.write(b);
            }
            through.write(b);
          }

          @Override
          public void write(byte[] b, int off, int len) {
            synchronized (copy) {
              copy.write(b, off, len);
            }
            through.write(b, off, len);
          }

          @Override
          public void flush() {
            through.flush();
          }
        };
    System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
  }

  void stop() {
    if (original != null) {
      System.setErr(original);
    }
  }

  String text() {
    synchronized (copy) {
      return copy.toString(StandardCharsets.UTF_8);
    }
  }
}
