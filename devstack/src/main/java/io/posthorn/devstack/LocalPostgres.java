package io.posthorn.devstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A real PostgreSQL server (zonky embedded binaries from Maven Central) on 127.0.0.1 with logical
 * decoding on, in a temporary data directory that is removed on {@link #close()}.
 *
 * <p>{@code synchronous_commit} is on (zonky's default is off, which delays WAL reaching the
 * walsender by up to the WAL writer's 200 ms). The superuser is {@code postgres}, no password.
 *
 * <p>{@link #restart(Shutdown)} stops the server as an operator or a crash would and starts it
 * again on the same data directory and port, for fault tests; data sources keep working once it is
 * back.
 */
public final class LocalPostgres implements AutoCloseable {
  public static final String SUPERUSER = "postgres";

  /** How {@link #restart(Shutdown)} stops the server: PostgreSQL's shutdown modes. */
  public enum Shutdown {
    /** {@code pg_ctl stop -m fast}: sessions are ended, a checkpoint is written. */
    FAST,
    /** {@code pg_ctl stop -m immediate} (SIGQUIT): no checkpoint; the next start recovers. */
    IMMEDIATE
  }

  private final Path dataDirectory;
  private final int port;
  private final AtomicInteger databases = new AtomicInteger();
  private volatile EmbeddedPostgres server;

  private LocalPostgres(Path dataDirectory, int port) {
    this.dataDirectory = dataDirectory;
    this.port = port;
    this.server = launch(dataDirectory, port);
  }

  /** Starts a server; {@code port <= 0} picks a free one. */
  public static LocalPostgres start(int port) {
    try {
      return new LocalPostgres(
          Files.createTempDirectory("posthorn-postgres-"), FreePort.orAny(port));
    } catch (IOException e) {
      throw new UncheckedIOException("creating PostgreSQL's data directory", e);
    }
  }

  /** Initialises the data directory on first use (zonky skips initdb once it holds a config). */
  private static EmbeddedPostgres launch(Path dataDirectory, int port) {
    try {
      return EmbeddedPostgres.builder()
          .setPort(port)
          .setDataDirectory(dataDirectory)
          .setCleanDataDirectory(false)
          .setPGStartupWait(Duration.ofSeconds(60))
          .setServerConfig("listen_addresses", "127.0.0.1")
          .setServerConfig("wal_level", "logical")
          .setServerConfig("max_wal_senders", "20")
          .setServerConfig("max_replication_slots", "20")
          .setServerConfig("synchronous_commit", "on")
          .setServerConfig("max_connections", "200")
          .setServerConfig("fsync", "off")
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("starting embedded PostgreSQL on port " + port, e);
    }
  }

  /**
   * Stops the server in {@code mode} and starts it again on the same data directory and port. Every
   * session is cut; clients reconnect to the same address. Blocks until it accepts connections
   * again.
   */
  public synchronized void restart(Shutdown mode) {
    EmbeddedPostgres old = server;
    if (mode == Shutdown.IMMEDIATE) {
      quit(postmasterPid());
    }
    closeQuietly(old); // FAST: pg_ctl stop -m fast; IMMEDIATE: only releases zonky's lock
    server = launch(dataDirectory, port);
  }

  private long postmasterPid() {
    try {
      List<String> lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"));
      return Long.parseLong(lines.get(0).strip());
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("reading postmaster.pid in " + dataDirectory, e);
    }
  }

  /** SIGQUIT to the postmaster (an immediate shutdown), waiting until it is gone. */
  private static void quit(long pid) {
    try {
      Process kill = new ProcessBuilder("kill", "-QUIT", Long.toString(pid)).start();
      if (kill.waitFor() != 0) {
        throw new IllegalStateException("kill -QUIT " + pid + " failed");
      }
      ProcessHandle handle = ProcessHandle.of(pid).orElse(null);
      if (handle != null) {
        handle.onExit().get(30, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      throw new IllegalStateException("immediate shutdown of postmaster " + pid, e);
    }
  }

  private static void closeQuietly(EmbeddedPostgres server) {
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException("stopping embedded PostgreSQL", e);
    }
  }

  public int port() {
    return port;
  }

  /** JDBC URL of a database on this server, e.g. {@code jdbc:postgresql://127.0.0.1:5432/db}. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
  }

  public DataSource dataSource(String database) {
    return server.getDatabase(SUPERUSER, database);
  }

  /**
   * Creates a fresh, empty database named {@code prefix_N} and returns its name; tests use one
   * each.
   */
  public String createDatabase(String prefix) {
    return createDatabaseNamed(prefix + "_" + databases.incrementAndGet());
  }

  /** Creates an empty database; {@code name} must be a plain lowercase identifier. */
  public String createDatabaseNamed(String name) {
    if (!name.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("database name must be a lowercase identifier: " + name);
    }
    try (Connection c = server.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("creating database " + name, e);
    }
    return name;
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException("stopping embedded PostgreSQL on port " + port(), e);
    } finally {
      TempFiles.deleteRecursively(dataDirectory);
    }
  }
}
