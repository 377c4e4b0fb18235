package dev.capstan.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} on 127.0.0.1 (and any further addresses asked for) and a free port,
 * without persistence, for tests whose Celery workers need a broker: started by {@link #start},
 * answering PING when it returns, stopped by {@link #close}. Fails, naming the Debian package, when
 * redis-server is not installed.
 */
public final class RedisServer implements AutoCloseable {

  private final Process process;
  private final int port;

  private RedisServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts one on 127.0.0.1, its output in {@code log}, and waits until it answers PING. */
  public static RedisServer start(Path log) throws Exception {
    return start(log, List.of());
  }

  /**
   * Starts one bound to 127.0.0.1 and each of {@code alsoBind} (with protected mode off, so that
   * clients reaching it at those addresses are served), its output in {@code log}, and waits until
   * it answers PING.
   */
  public static RedisServer start(Path log, List<String> alsoBind) throws Exception {
    Path program = RequiredTools.program("redis-server", "redis-server");
    int port = RequiredTools.freePort();
    List<String> command =
        new ArrayList<>(List.of(program.toString(), "--port", String.valueOf(port)));
    command.add("--bind");
    command.add("127.0.0.1");
    command.addAll(alsoBind);
    command.addAll(
        List.of("--protected-mode", "no", "--save", "", "--appendonly", "no", "--daemonize", "no"));
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    RedisServer redis = new RedisServer(process, port);
    try {
      Eventually.await(Duration.ofSeconds(30), "redis-server answers PING", redis::answersPing);
    } catch (Exception | AssertionError e) {
      redis.close();
      throw e;
    }
    return redis;
  }

  public int port() {
    return port;
  }

  /** {@code redis://127.0.0.1:PORT/0}, as Celery names its broker. */
  public String url() {
    return url("127.0.0.1");
  }

  /** Its URL for a client that reaches it at {@code address} (one it is bound to). */
  public String url(String address) {
    return "redis://" + address + ":" + port + "/0";
  }

  /** Whether it answers {@code PING} with {@code +PONG}. */
  public boolean answersPing() {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(2000);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      byte[] answer = new byte[7];
      int n = socket.getInputStream().read(answer);
      return n > 0 && new String(answer, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
