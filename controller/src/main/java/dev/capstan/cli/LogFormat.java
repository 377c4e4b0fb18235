package dev.capstan.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import java.io.PrintWriter;
import java.io.Writer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * How the controller writes its log on stderr: {@code text} ({@link TextLogEncoder}) or {@code
 * json} (one object per line, {@link JsonLogEncoder}). In JSON, what the command itself prints on
 * stderr ("serving… (port N)", errors) becomes log events too, so that every line of stderr is
 * JSON.
 */
enum LogFormat {
  text,
  json;

  /** The appender {@link LogConfigurator} sets up to write on stderr. */
  static final String APPENDER = "STDERR";

  /** Logger of the lines the command prints on stderr, in JSON; always at INFO. */
  static final String CONSOLE_LOGGER = "dev.capstan.console";

  /** Switches the log to this format; call it before the command starts other threads. */
  void install(CommandLine commandLine) {
    if (this == text) {
      return;
    }
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      throw new IllegalStateException("--log-format json needs logback as the SLF4J provider");
    }
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    Appender<ILoggingEvent> old = root.getAppender(APPENDER);
    JsonLogEncoder encoder = new JsonLogEncoder();
    encoder.setContext(context);
    encoder.start();
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setName(APPENDER);
    appender.setContext(context);
    appender.setTarget("System.err");
    appender.setEncoder(encoder);
    appender.start();
    // The new appender first, then the old one away: no event finds the root without one.
    root.addAppender(appender);
    if (old != null) {
      root.detachAppender(old);
      old.stop();
    }
    ch.qos.logback.classic.Logger console = context.getLogger(CONSOLE_LOGGER);
    console.setLevel(Level.INFO);
    commandLine.setErr(new PrintWriter(new LineLogger(console), true));
  }

  /** A writer that logs each line written to it at INFO. */
  private static final class LineLogger extends Writer {
    private final Logger log;
    private final StringBuilder line = new StringBuilder();

    LineLogger(Logger log) {
      this.log = log;
    }

    @Override
    public synchronized void write(char[] chars, int offset, int length) {
      for (int i = offset; i < offset + length; i++) {
        char c = chars[i];
        if (c == '\n') {
          emit();
        } else if (c != '\r') {
          line.append(c);
        }
      }
    }

    @Override
    public synchronized void flush() {}

    @Override
    public synchronized void close() {
      if (!line.isEmpty()) {
        emit();
      }
    }

    private void emit() {
      log.info("{}", line);
      line.setLength(0);
    }
  }
}
