package io.posthorn.registry;

import io.posthorn.devstack.DevStack;
import io.posthorn.schema.endpoint.SecretSeal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Map;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * A registry on the shared stack with a database of its own, an admin key, and tenant keys on
 * demand. Close it after the test class.
 */
final class RegistryFixture implements AutoCloseable {
  static final String ADMIN_KEY = "phk_test_admin_key_0123456789abcdefghijklmnop";

  final DevStack stack = DevStack.shared();
  final String database;
  final DataSource db;
  final String masterKey = SecretSeal.generateMasterKey();
  final RegistryConfig config;
  final EndpointRegistry registry;
  final Api api;
  private String[] tables;

  RegistryFixture(UnaryOperator<RegistryConfig.Builder> tune) {
    this(tune, Clock.systemUTC());
  }

  RegistryFixture(UnaryOperator<RegistryConfig.Builder> tune, Clock clock) {
    this(tune, clock, RegistryListener.NONE);
  }

  /** As above, telling {@code listener} what the registry does (benchmarks time requests). */
  RegistryFixture(
      UnaryOperator<RegistryConfig.Builder> tune, Clock clock, RegistryListener listener) {
    database = stack.postgres().createDatabase("registry");
    db = stack.postgres().dataSource(database);
    config =
        tune.apply(
                RegistryConfig.builder(
                        stack.postgres().jdbcUrl(database),
                        "postgres",
                        "",
                        stack.kafka().bootstrapServers(),
                        SecretSeal.fromBase64(masterKey))
                    .httpHost("127.0.0.1")
                    .httpPort(0)
                    .adminKey(ADMIN_KEY)
                    .attemptsTopic(database + ".attempts")
                    .redeliveriesTopic(database + ".redeliveries")
                    .eventsTopic(database + ".events")
                    .attemptsGroupId(database + "-registry"))
            .build();
    stack
        .kafka()
        .createTopics(
            Map.of(
                config.attemptsTopic(), 2, config.redeliveriesTopic(), 1, config.eventsTopic(), 1));
    registry =
        EndpointRegistry.create(
                config,
                clock,
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
                listener)
            .start();
    api = new Api(registry.url());
  }

  RegistryFixture() {
    this(UnaryOperator.identity());
  }

  /** Issues a key for {@code tenant} with the admin key; returns the key. */
  String tenantKey(String tenant) {
    Api.Response r = api.post("/v1/api-keys", ADMIN_KEY, "{\"tenantId\":\"" + tenant + "\"}");
    if (r.status() != 201) {
      throw new AssertionError("issuing a key for " + tenant + ": " + r);
    }
    return r.json().path("key").asText();
  }

  long count(String sql) {
    return Long.parseLong(text(sql));
  }

  String text(String sql) {
    try (Connection c = db.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    } catch (SQLException e) {
      throw new AssertionError(sql, e);
    }
  }

  /** Every endpoint, secret and feed row, to prove a refused request changed nothing. */
  String snapshot() {
    return text(
            "SELECT coalesce(string_agg(e::text, '|' ORDER BY id), '') FROM posthorn_registry.endpoints e")
        + text(
            "SELECT coalesce(string_agg(s::text, '|' ORDER BY seq), '') FROM posthorn_registry.endpoint_secrets s")
        + text("SELECT count(*) FROM posthorn_registry.endpoint_feed");
  }

  /**
   * Every row of every table the registry writes (its schema and the outbox), in a stable order:
   * what a refused request must leave exactly as it was.
   */
  String dump() {
    if (tables == null) {
      tables =
          text("SELECT string_agg(table_schema || '.' || table_name, ',' ORDER BY table_schema, table_name)"
                  + " FROM information_schema.tables WHERE table_schema IN ('posthorn_registry', 'posthorn')"
                  + " AND table_type = 'BASE TABLE' AND table_name NOT LIKE '%schema_history%'")
              .split(",");
    }
    StringBuilder out = new StringBuilder();
    try (Connection c = db.getConnection();
        Statement s = c.createStatement()) {
      for (String table : tables) {
        try (ResultSet rs =
            s.executeQuery(
                "SELECT coalesce(string_agg(t::text, '|' ORDER BY t::text), '') FROM "
                    + table
                    + " t")) {
          rs.next();
          out.append(table).append(": ").append(rs.getString(1)).append('\n');
        }
      }
    } catch (SQLException e) {
      throw new AssertionError("dumping the registry's tables", e);
    }
    return out.toString();
  }

  @Override
  public void close() {
    registry.close();
  }
}
