package dev.capstan.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL 15 server for one test: a fresh data folder in a temp folder, run as the {@code
 * postgres} user (the server refuses root) on a free port of 127.0.0.1. The {@code postgres} role
 * connects without a password (trust); every other role over TCP needs its password
 * (scram-sha-256), so tests can prove a password in a URL is used and never shown.
 */
public final class PostgresServer implements AutoCloseable {

  public static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");

  private final Path dir;
  private final int port;

  private PostgresServer(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  /** Starts a server with one database, {@code database}, owned by {@code postgres}. */
  public static PostgresServer start(String database) throws Exception {
    assertTrue(
        Files.isExecutable(BIN.resolve("initdb")),
        "PostgreSQL 15 is needed, and this test runs the real one: apt-get install postgresql");
    int port = RequiredTools.freePort();
    Path dir = Files.createTempDirectory("capstan-pg");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    run(List.of("chown", "postgres:postgres", dir.toString()));
    PostgresServer server = new PostgresServer(dir, port);
    server.asPostgres(
        List.of(
            BIN.resolve("initdb").toString(),
            "-D",
            dir + "/data",
            "--auth=trust",
            "-U",
            "postgres"));
    server.asPostgres(
        List.of(
            "sh",
            "-c",
            "printf '%s\\n' 'local all all trust' 'host all postgres 127.0.0.1/32 trust'"
                + " 'host all all 127.0.0.1/32 scram-sha-256' > \"$1\"",
            "sh",
            dir + "/data/pg_hba.conf"));
    server.asPostgres(
        List.of(
            BIN.resolve("pg_ctl").toString(),
            "-D",
            dir + "/data",
            "-l",
            dir + "/postgres.log",
            "-w",
            "-o",
            "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1",
            "start"));
    server.sql("postgres", "CREATE DATABASE " + database);
    return server;
  }

  public int port() {
    return port;
  }

  /** A URL of {@code database} for role {@code postgres}, no password needed. */
  public String url(String database) {
    return "postgresql://postgres@127.0.0.1:" + port + "/" + database;
  }

  /**
   * Creates role {@code role} with {@code password}, allowed to create databases, owning {@code
   * database}; the URL that logs in as it.
   */
  public String roleUrl(String role, String password, String database) throws Exception {
    sql("postgres", "CREATE ROLE " + role + " LOGIN CREATEDB PASSWORD '" + password + "'");
    sql("postgres", "ALTER DATABASE " + database + " OWNER TO " + role);
    sql(database, "GRANT ALL ON SCHEMA public TO " + role);
    return "postgresql://" + role + ":" + password + "@127.0.0.1:" + port + "/" + database;
  }

  /** Runs SQL as {@code postgres} in {@code database}, stopping at an error; its output. */
  public String sql(String database, String sql) throws Exception {
    return asPostgres(
        List.of(
            BIN.resolve("psql").toString(),
            "-X",
            "-v",
            "ON_ERROR_STOP=1",
            "-h",
            "127.0.0.1",
            "-p",
            String.valueOf(port),
            "-d",
            database,
            "-tAc",
            sql));
  }

  /** The names of the server's databases, sorted. */
  public List<String> databases() throws Exception {
    return sql("postgres", "SELECT datname FROM pg_database ORDER BY datname").lines().toList();
  }

  @Override
  public void close() throws Exception {
    asPostgres(
        List.of(BIN.resolve("pg_ctl").toString(), "-D", dir + "/data", "-m", "fast", "-w", "stop"));
    run(List.of("rm", "-rf", dir.toString()));
  }

  /** Runs a command as the postgres user; its output, or fails. */
  private String asPostgres(List<String> command) throws Exception {
    List<String> full = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
    full.addAll(command);
    return run(full);
  }

  private static String run(List<String> command) throws Exception {
    Process process =
        new ProcessBuilder(command)
            .directory(new java.io.File("/"))
            .redirectErrorStream(true)
            .start();
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("did not finish: " + command);
    }
    if (process.exitValue() != 0) {
      throw new AssertionError(command + " failed: " + out);
    }
    return out;
  }
}
