package dev.capstan.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LocalHostTest extends ExecContract {

  private final LocalHost host = new LocalHost();

  @Override
  RemoteHost host() {
    return host;
  }

  @Test
  void isNamedLocal() {
    assertEquals("local", host.name());
  }
}
