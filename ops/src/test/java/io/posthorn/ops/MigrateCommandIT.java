package io.posthorn.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.posthorn.devstack.DevStack;
import io.posthorn.devstack.LocalPostgres;
import io.posthorn.schema.endpoint.SecretSeal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code posthorn migrate} against a real PostgreSQL, each test on a database of its own. */
class MigrateCommandIT {
  @TempDir Path dir;
  private DataSource db;
  private String jdbcUrl;
  private String relayRole;

  @BeforeEach
  void setUp() throws SQLException {
    LocalPostgres postgres = DevStack.shared().postgres();
    String name = postgres.createDatabase("migrate");
    db = postgres.dataSource(name);
    jdbcUrl = postgres.jdbcUrl(name);
    relayRole = name + "_relay";
    execute("CREATE ROLE " + relayRole + " LOGIN REPLICATION");
  }

  @Test
  void serverFile_createsOutboxRegistryPublicationAndGrants_thenASecondRunChangesNothing()
      throws Exception {
    Path server = serverFile();

    PosthornCli.Result first = PosthornCli.run("migrate", "--config", server.toString());

    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.out())
        .contains("registry schema on " + jdbcUrl + " as postgres: applied ")
        .contains(
            "ran CREATE PUBLICATION \"posthorn_outbox\" FOR TABLE posthorn.outbox,"
                + " posthorn_registry.endpoint_feed WITH (publish = 'insert')")
        .contains("ran GRANT SELECT ON posthorn.outbox TO \"" + relayRole + "\"");
    assertThat(query("SELECT to_regclass('posthorn.outbox') IS NOT NULL")).isEqualTo("t");
    assertThat(query("SELECT to_regclass('posthorn_registry.endpoints') IS NOT NULL"))
        .isEqualTo("t");
    assertThat(
            query(
                "SELECT string_agg(schemaname || '.' || tablename, ',' ORDER BY schemaname || '.' || tablename)"
                    + " FROM pg_publication_tables WHERE pubname = 'posthorn_outbox'"))
        .isEqualTo("posthorn.outbox,posthorn_registry.endpoint_feed");
    assertThat(
            query(
                "SELECT pubinsert AND NOT (pubupdate OR pubdelete OR pubtruncate)"
                    + " FROM pg_publication WHERE pubname = 'posthorn_outbox'"))
        .isEqualTo("t");
    assertThat(
            query(
                "SELECT has_table_privilege('"
                    + relayRole
                    + "', 'posthorn.outbox', 'SELECT')"
                    + " AND has_table_privilege('"
                    + relayRole
                    + "', 'posthorn_registry.endpoint_feed', 'SELECT')"))
        .isEqualTo("t");
    assertThat(query("SELECT col_description('posthorn.outbox'::regclass, 8)"))
        .startsWith(
            "When the event happened. Default now(): the start of the inserting transaction");

    String history = histories();
    PosthornCli.Result second = PosthornCli.run("migrate", "--config", server.toString());

    assertThat(second.exit()).as(second.err()).isZero();
    assertThat(second.out())
        .contains("registry schema on " + jdbcUrl + " as postgres: up to date")
        .contains("publication and grants on " + jdbcUrl + " as postgres: up to date")
        .doesNotContain("ran ");
    assertThat(histories()).isEqualTo(history);
  }

  @Test
  void dryRun_printsTheStatements_andChangesNothing() throws Exception {
    Path server = serverFile();
    String before = catalog();

    PosthornCli.Result dry = PosthornCli.run("migrate", "--config", server.toString(), "--dry-run");

    assertThat(dry.exit()).as(dry.err()).isZero();
    assertThat(dry.out())
        .contains("-- posthorn.outbox_schema_history version 1: outbox")
        .contains("CREATE TABLE IF NOT EXISTS posthorn.outbox (")
        .contains(
            "-- posthorn_registry.registry_schema_history version 5: seal custom header values")
        .contains("-- (written in Java: ")
        .contains("CREATE PUBLICATION \"posthorn_outbox\" FOR TABLE posthorn.outbox")
        .contains("GRANT SELECT ON posthorn.outbox TO \"" + relayRole + "\";");
    assertThat(catalog()).isEqualTo(before);

    assertThat(PosthornCli.run("migrate", "--config", server.toString()).exit()).isZero();
    PosthornCli.Result after =
        PosthornCli.run("migrate", "--config", server.toString(), "--dry-run");

    assertThat(after.out())
        .doesNotContain("_schema_history version")
        .doesNotContain("CREATE")
        .doesNotContain("GRANT");
  }

  @Test
  void twoHostsAtOnce_asTheOwner_bothSucceed_andEachStepRunsOnce() throws Exception {
    Path relay =
        file(
            "relay.properties",
            "relay.database.url=" + jdbcUrl,
            "relay.database.user=" + relayRole,
            "relay.database.password=",
            "relay.kafka.bootstrap-servers=localhost:9");
    CountDownLatch go = new CountDownLatch(1);
    Callable<PosthornCli.Result> host =
        () -> {
          go.await();
          return PosthornCli.run("migrate", "--config", relay.toString(), "--db-user", "postgres");
        };
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<PosthornCli.Result>> runs = new ArrayList<>();
      runs.add(pool.submit(host));
      runs.add(pool.submit(host));
      go.countDown();
      List<PosthornCli.Result> results = new ArrayList<>();
      for (Future<PosthornCli.Result> run : runs) {
        results.add(run.get(120, TimeUnit.SECONDS));
      }

      assertThat(results).allSatisfy(r -> assertThat(r.exit()).as(r.err()).isZero());
      assertThat(results.stream().filter(r -> r.out().contains("ran CREATE PUBLICATION")))
          .hasSize(1);
    } finally {
      pool.shutdownNow();
    }
    assertThat(
            query(
                "SELECT count(*) || '/' || count(DISTINCT version)"
                    + " FROM posthorn.outbox_schema_history WHERE success AND version IS NOT NULL"))
        .isEqualTo("4/4");
    assertThat(query("SELECT count(*) FROM pg_publication")).isEqualTo("1");
    assertThat(
            query("SELECT has_table_privilege('" + relayRole + "', 'posthorn.outbox', 'SELECT')"))
        .isEqualTo("t");
  }

  @Test
  void aMissingRelayRole_failsBeforeChangingAnything_namingTheStatementToRun() throws Exception {
    execute("DROP ROLE " + relayRole);
    Path relay =
        file(
            "relay.properties",
            "relay.database.url=" + jdbcUrl,
            "relay.database.user=" + relayRole,
            "relay.database.password=",
            "relay.kafka.bootstrap-servers=localhost:9");
    String before = catalog();

    PosthornCli.Result result =
        PosthornCli.run("migrate", "--config", relay.toString(), "--db-user", "postgres");

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err())
        .contains("CREATE ROLE \"" + relayRole + "\" LOGIN REPLICATION PASSWORD")
        .doesNotContain("Exception");
    assertThat(catalog()).isEqualTo(before);
  }

  @Test
  void aWorkerFile_hasNothingToMigrate() throws Exception {
    Path worker = file("worker.properties", "worker.kafka.bootstrap-servers=localhost:9");

    PosthornCli.Result result = PosthornCli.run("migrate", "--config", worker.toString());

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err())
        .contains("sets neither registry.database.url nor relay.database.url: nothing to migrate");
  }

  private Path serverFile() throws IOException {
    return file(
        "server.properties",
        "registry.database.url=" + jdbcUrl,
        "registry.database.user=postgres",
        "registry.database.password=",
        "registry.kafka.bootstrap-servers=localhost:9",
        "registry.secret-key=" + SecretSeal.generateMasterKey(),
        "relay.database.url=" + jdbcUrl,
        "relay.database.user=" + relayRole,
        "relay.database.password=",
        "relay.kafka.bootstrap-servers=localhost:9",
        "relay.capture.endpoint-feed=true");
  }

  private Path file(String name, String... lines) throws IOException {
    return Files.write(dir.resolve(name), List.of(lines));
  }

  /** Schemas, tables, publications and the relay role's grants: what a migration would change. */
  private String catalog() throws SQLException {
    return query(
        "SELECT (SELECT string_agg(nspname, ',' ORDER BY nspname) FROM pg_namespace)"
            + " || '|' || (SELECT count(*) FROM pg_class)"
            + " || '|' || (SELECT count(*) FROM pg_publication)");
  }

  private String histories() throws SQLException {
    return query(
        "SELECT (SELECT string_agg(version || ':' || installed_on, ',' ORDER BY installed_rank)"
            + " FROM posthorn.outbox_schema_history) || '|' || (SELECT string_agg(version || ':'"
            + " || installed_on, ',' ORDER BY installed_rank)"
            + " FROM posthorn_registry.registry_schema_history)");
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = db.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private String query(String sql) throws SQLException {
    try (Connection c = db.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
