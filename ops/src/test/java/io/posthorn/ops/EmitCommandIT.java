package io.posthorn.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.posthorn.devstack.DevStack;
import io.posthorn.schema.OutboxSchema;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code posthorn emit} and {@code posthorn outbox-purge} against a real PostgreSQL. */
class EmitCommandIT {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private DataSource db;
  private String jdbcUrl;

  @BeforeEach
  void setUp() {
    DevStack stack = DevStack.shared();
    String name = stack.postgres().createDatabase("emit");
    db = stack.postgres().dataSource(name);
    jdbcUrl = stack.postgres().jdbcUrl(name);
    OutboxSchema.migrate(db);
  }

  @Test
  void emitsAValidEventTakingTheAggregateFromTypeAndPayload() throws SQLException {
    int exit =
        run(
            "emit",
            "user.created",
            "{\"userId\": \"usr_7\", \"email\": \"ada@example.com\"}",
            "--tenant",
            "acme",
            "--jdbc-url",
            jdbcUrl);

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString())
        .matches("(?s)emitted user\\.created [0-9a-f-]{36} \\(aggregate user usr_7\\)\\R");
    assertThat(
            query(
                "SELECT aggregate_type || '/' || aggregate_id || '/' || tenant_id FROM posthorn.outbox"))
        .isEqualTo("user/usr_7/acme");
  }

  @Test
  void refusesAPayloadBreakingTheSchemaNamingTheFieldAndInsertsNothing() throws SQLException {
    int exit = run("emit", "user.created", "{\"userId\": \"usr_7\"}", "--jdbc-url", jdbcUrl);

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString())
        .contains("posthorn: payload of user.created breaks its schema")
        .contains("payload/email: required property 'email' not found (rule: required)");
    assertThat(query("SELECT count(*) FROM posthorn.outbox")).isEqualTo("0");
  }

  @Test
  void checksAgainstTheCatalogDirectoryGiven_andStampsTheVersionAsked(@TempDir Path catalog)
      throws Exception {
    Files.writeString(
        catalog.resolve("invoice.paid.json"),
        "{\"title\": \"invoice.paid\", \"description\": \"Paid.\", \"versions\": ["
            + "{\"type\": \"object\", \"version\": 1, \"required\": [\"invoiceId\"],"
            + " \"examples\": [{\"invoiceId\": \"inv_1\"}]},"
            + "{\"type\": \"object\", \"version\": 2, \"required\": [\"invoiceId\", \"amount\"],"
            + " \"examples\": [{\"invoiceId\": \"inv_1\", \"amount\": {}}]}]}");
    String v1 = "{\"invoiceId\": \"inv_7\"}";

    int withoutDir = run("emit", "invoice.paid", v1, "--jdbc-url", jdbcUrl);
    String refused = err.toString();
    int latest =
        run("emit", "invoice.paid", v1, "--catalog-dir", catalog.toString(), "--jdbc-url", jdbcUrl);
    int stamped =
        run(
            "emit",
            "invoice.paid",
            v1,
            "--schema-version",
            "1",
            "--catalog-dir",
            catalog.toString(),
            "--jdbc-url",
            jdbcUrl);

    assertThat(withoutDir).as("$POSTHORN_CATALOG_DIR: the example catalog").isEqualTo(1);
    assertThat(refused).contains("event type 'invoice.paid' is not in the event catalog");
    assertThat(latest).as("checked against v2, the latest").isEqualTo(1);
    assertThat(err.toString()).contains("payload/amount: required property 'amount' not found");
    assertThat(stamped).as(err.toString()).isZero();
    assertThat(
            query(
                "SELECT string_agg(event_type || ' v' || schema_version, ',') FROM posthorn.outbox"))
        .isEqualTo("invoice.paid v1");
  }

  @Test
  void withoutAnAggregateIdInThePayloadAsksForTheOption() {
    int exit = run("emit", "posthorn.ping", "{}", "--jdbc-url", jdbcUrl);

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .contains("--aggregate-id is required: the payload has no \"posthornId\" string");
  }

  @Test
  void purgeDeletesRowsOlderThanTheRetention() {
    run("emit", "posthorn.ping", "{}", "--aggregate-id", "p1", "--jdbc-url", jdbcUrl);

    int exit = run("outbox-purge", "--retention", "PT0S", "--jdbc-url", jdbcUrl);

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString()).contains("outbox-purge: deleted 1 row(s) older than PT0S");
  }

  private int run(String... args) {
    return PosthornMain.commandLine()
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute(args);
  }

  private String query(String sql) throws SQLException {
    try (Connection c = db.getConnection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getString(1);
    }
  }
}
