package io.posthorn.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posthorn.devstack.DevStack;
import io.posthorn.schema.InvalidEventException;
import io.posthorn.schema.JdbiOutbox;
import io.posthorn.schema.Outbox;
import io.posthorn.schema.OutboxConfig;
import io.posthorn.schema.OutboxEvent;
import io.posthorn.schema.OutboxPurge;
import io.posthorn.schema.OutboxSchema;
import io.posthorn.schema.catalog.SchemaViolationException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The writer, the database's own constraints and the purge, on a real PostgreSQL (no relay). */
class OutboxDatabaseIT {
  private static final String PING = "{\"message\": \"ping\"}";
  private final Outbox outbox = Outbox.create(OutboxConfig.defaults(), Clock.systemUTC());
  private DataSource db;

  @BeforeEach
  void setUp() {
    DevStack stack = DevStack.shared();
    db = stack.postgres().dataSource(stack.postgres().createDatabase("outbox"));
    OutboxSchema.migrate(db);
  }

  @Test
  void refusedEventsInsertNothing_andLeaveTheTransactionUsable() throws SQLException {
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      assertThatThrownBy(
              () ->
                  outbox.emit(
                      c,
                      OutboxEvent.of("user.created", "User", "usr_1", "{\"userId\": \"usr_1\"}")))
          .isInstanceOf(SchemaViolationException.class)
          .hasMessageContaining("payload/email");
      assertThatThrownBy(
              () ->
                  outbox.emit(
                      c,
                      OutboxEvent.of(
                          "posthorn.ping",
                          "Posthorn",
                          "p",
                          "{\"message\": \"" + "x".repeat(300_000) + "\"}")))
          .isInstanceOf(InvalidEventException.class)
          .hasMessageContaining("over the limit of 262144 bytes");
      assertThatThrownBy(
              () -> outbox.emit(c, OutboxEvent.of("Posthorn Ping", "Posthorn", "p", PING)))
          .isInstanceOf(InvalidEventException.class)
          .hasMessageContaining("naming rule");
      outbox.emit(c, OutboxEvent.of("posthorn.ping", "Posthorn", "p", PING));
      c.commit();
    }
    assertThat(count("SELECT count(*) FROM posthorn.outbox")).isEqualTo(1);
  }

  @Test
  void emitOutsideATransactionIsRefused() throws SQLException {
    try (Connection c = db.getConnection()) {
      assertThatThrownBy(
              () -> outbox.emit(c, OutboxEvent.of("posthorn.ping", "Posthorn", "p", PING)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("auto-commit");
    }
    assertThat(count("SELECT count(*) FROM posthorn.outbox")).isZero();
  }

  @Test
  void databaseRefusesRowsBreakingItsConstraints_namingTheConstraint() {
    String columns =
        "INSERT INTO posthorn.outbox (event_type, aggregate_type, aggregate_id, payload, trace_id) VALUES ";
    assertRefused(
        columns + "('Order Completed', 'Order', 'o', '{}', null)", "outbox_event_type_format");
    assertRefused(
        columns + "('order.completed', 'Order', 'o', '[1, 2]', null)", "outbox_payload_is_object");
    assertRefused(
        columns + "('order.completed', 'Order', ' ', '{}', null)", "outbox_aggregate_present");
    assertRefused(
        columns + "('order.completed', 'Order', 'o', '{}', 'NOT-A-TRACE')",
        "outbox_trace_id_format");
    assertRefused(
        columns
            + "('order.completed', 'Order', 'o', jsonb_build_object('pad', repeat('x', 262144)), null)",
        "outbox_payload_size");
    assertRefused(
        "INSERT INTO posthorn.outbox (event_type, aggregate_type, aggregate_id, payload, metadata)"
            + " VALUES ('order.completed', 'Order', 'o', '{}', '\"text\"')",
        "outbox_metadata_is_object");
  }

  @Test
  void jdbiOutboxEmitsInsideTheHandlesTransaction() {
    Jdbi jdbi = Jdbi.create(db);
    JdbiOutbox jdbiOutbox = JdbiOutbox.of(outbox);

    jdbi.useTransaction(
        h -> jdbiOutbox.emit(h, OutboxEvent.of("posthorn.ping", "Posthorn", "committed", PING)));
    assertThatThrownBy(
            () ->
                jdbi.useTransaction(
                    h -> {
                      jdbiOutbox.emit(
                          h, OutboxEvent.of("posthorn.ping", "Posthorn", "rolled_back", PING));
                      throw new IllegalStateException("the business write failed");
                    }))
        .hasMessage("the business write failed");

    List<String> rows =
        jdbi.withHandle(
            h ->
                h.createQuery("SELECT aggregate_id FROM posthorn.outbox")
                    .mapTo(String.class)
                    .list());
    assertThat(rows).containsExactly("committed");
  }

  @Test
  void purgeDeletesRowsOlderThanTheRetentionInBatches_andKeepsTheRest() throws SQLException {
    Instant now = Instant.parse("2026-01-15T12:00:00Z");
    Outbox twoHoursAgo =
        Outbox.create(OutboxConfig.defaults(), Clock.fixed(now.minusSeconds(7200), ZoneOffset.UTC));
    Outbox recent =
        Outbox.create(OutboxConfig.defaults(), Clock.fixed(now.minusSeconds(600), ZoneOffset.UTC));
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      for (int i = 0; i < 5; i++) {
        twoHoursAgo.emit(c, OutboxEvent.of("posthorn.ping", "Posthorn", "old_" + i, PING));
      }
      recent.emit(c, OutboxEvent.of("posthorn.ping", "Posthorn", "recent", PING));
      c.commit();
    }

    long deleted;
    try (Connection c = db.getConnection()) {
      deleted =
          OutboxPurge.create(Duration.ofHours(1), 2, Clock.fixed(now, ZoneOffset.UTC)).purge(c);
    }

    assertThat(deleted).isEqualTo(5);
    assertThat(count("SELECT count(*) FROM posthorn.outbox WHERE aggregate_id = 'recent'"))
        .isEqualTo(1);
    assertThat(count("SELECT count(*) FROM posthorn.outbox")).isEqualTo(1);
  }

  private void assertRefused(String insert, String constraint) {
    assertThatThrownBy(
            () -> {
              try (Connection c = db.getConnection();
                  Statement s = c.createStatement()) {
                s.execute(insert);
              }
            })
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("violates check constraint \"" + constraint + "\"");
  }

  private long count(String query) throws SQLException {
    try (Connection c = db.getConnection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(query)) {
      r.next();
      return r.getLong(1);
    }
  }
}
