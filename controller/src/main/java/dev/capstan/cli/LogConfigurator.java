package dev.capstan.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.Logger;

/**
 * Capstan's logging, set up in code (found by logback through {@code META-INF/services}): one-shot
 * commands print their own progress on stdout, so their log goes to stderr and says nothing unless
 * something is wrong; {@code capstan run} logs what it does at INFO (Main sets {@code
 * capstan.log.level}); in the json log format of {@code run}, {@link LogFormat} replaces the
 * appender.
 *
 * <p>Why not a logback.xml: reading one loads an XML parser and logback's configuration model
 * (about 550 classes), a third of what {@code capstan validate} cost in CPU. A {@code
 * -Dlogback.configurationFile=…} of the operator's own is still honoured.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogConfigurator extends ContextAwareBase implements Configurator {

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    TextLogEncoder encoder = new TextLogEncoder();
    encoder.setContext(context);
    encoder.start();
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setName(LogFormat.APPENDER);
    appender.setContext(context);
    appender.setTarget("System.err");
    appender.setEncoder(encoder);
    appender.start();

    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(level("capstan.log.root", Level.ERROR));
    root.addAppender(appender);
    context.getLogger("dev.capstan").setLevel(level("capstan.log.level", Level.WARN));
    // sshj narrates at ERROR the refusals the host package rethrows with a clear message.
    context.getLogger("net.schmizz").setLevel(Level.OFF);
    context.getLogger("com.hierynomus").setLevel(Level.OFF);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  private static Level level(String property, Level otherwise) {
    return Level.toLevel(System.getProperty(property), otherwise);
  }
}
