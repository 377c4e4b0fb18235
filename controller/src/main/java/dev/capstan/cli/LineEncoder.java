package dev.capstan.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.EncoderBase;

/** An encoder of one line per event, with nothing before the first or after the last. */
abstract class LineEncoder extends EncoderBase<ILoggingEvent> {

  private static final byte[] NONE = new byte[0];

  @Override
  public final byte[] headerBytes() {
    return NONE;
  }

  @Override
  public final byte[] footerBytes() {
    return NONE;
  }
}
