package io.posthorn.devstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A real PostgreSQL server (zonky embedded binaries from Maven Central) on 127.0.0.1 with logical
 * decoding on, in a temporary data directory that is removed on {@link #close()}.
 *
 * <p>{@code synchronous_commit} is on (zonky's default is off, which delays WAL reaching the
 * walsender by up to the WAL writer's 200 ms). The superuser is {@code postgres}, no password.
 */
public final class LocalPostgres implements AutoCloseable {
  public static final String SUPERUSER = "postgres";

  private final EmbeddedPostgres server;
  private final AtomicInteger databases = new AtomicInteger();

  private LocalPostgres(EmbeddedPostgres server) {
    this.server = server;
  }

  /** Starts a server; {@code port <= 0} picks a free one. */
  public static LocalPostgres start(int port) {
    try {
      return new LocalPostgres(
          EmbeddedPostgres.builder()
              .setPort(FreePort.orAny(port))
              .setCleanDataDirectory(true)
              .setPGStartupWait(Duration.ofSeconds(60))
              .setServerConfig("listen_addresses", "127.0.0.1")
              .setServerConfig("wal_level", "logical")
              .setServerConfig("max_wal_senders", "20")
              .setServerConfig("max_replication_slots", "20")
              .setServerConfig("synchronous_commit", "on")
              .setServerConfig("max_connections", "200")
              .setServerConfig("fsync", "off")
              .start());
    } catch (IOException e) {
      throw new UncheckedIOException("starting embedded PostgreSQL", e);
    }
  }

  public int port() {
    return server.getPort();
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
    }
  }
}
