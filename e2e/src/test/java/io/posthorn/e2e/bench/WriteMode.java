package io.posthorn.e2e.bench;

import io.posthorn.schema.Outbox;
import io.posthorn.schema.OutboxEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/** One way of running the product service's transaction, measured against the others. */
enum WriteMode {
  BUSINESS_ONLY("business insert only"),
  PLAIN_SQL("business insert + plain SQL outbox insert, no housekeeping"),
  EMIT("business insert + Outbox.emit, no housekeeping"),
  EMIT_WITH_PURGE("business insert + Outbox.emit, OutboxPurge running (shipped)"),
  EMIT_WITH_DISCARD_TRIGGER("business insert + Outbox.emit, insert-then-delete trigger");

  static final String SETUP =
      """
      CREATE TABLE business_order (id bigserial PRIMARY KEY, customer_id text NOT NULL,
          total_cents integer NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
      CREATE FUNCTION bench_outbox_discard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN DELETE FROM posthorn.outbox WHERE id = NEW.id; RETURN NULL; END $$;
      CREATE TRIGGER bench_outbox_discard AFTER INSERT ON posthorn.outbox
          FOR EACH ROW EXECUTE FUNCTION bench_outbox_discard();
      """;
  private static final String BUSINESS_INSERT =
      "INSERT INTO business_order (customer_id, total_cents) VALUES (?, ?)";
  private static final String PLAIN_INSERT =
      "INSERT INTO posthorn.outbox (event_type, aggregate_type, aggregate_id,"
          + " payload) VALUES ('order.created', 'Order', ?, ?::jsonb)";

  final String label;

  WriteMode(String label) {
    this.label = label;
  }

  /** Empties both tables; the insert-then-delete trigger is on only in its own mode. */
  void prepare(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("TRUNCATE business_order, posthorn.outbox");
      s.execute(
          "ALTER TABLE posthorn.outbox "
              + (this == EMIT_WITH_DISCARD_TRIGGER ? "ENABLE" : "DISABLE")
              + " TRIGGER bench_outbox_discard");
      s.execute("VACUUM ANALYZE business_order, posthorn.outbox");
    }
  }

  /** The statements one client reuses. */
  record Statements(PreparedStatement business, PreparedStatement plain) implements AutoCloseable {
    static Statements prepare(Connection c) throws SQLException {
      return new Statements(c.prepareStatement(BUSINESS_INSERT), c.prepareStatement(PLAIN_INSERT));
    }

    @Override
    public void close() throws SQLException {
      business.close();
      plain.close();
    }
  }

  /** One committed transaction: a one-row business write, plus one event unless business only. */
  void transaction(Connection c, Statements statements, Outbox outbox, long n) throws SQLException {
    String customer = "usr_" + (n % 10_000);
    int total = (int) (n % 100_000);
    statements.business().setString(1, customer);
    statements.business().setInt(2, total);
    statements.business().executeUpdate();
    String payload =
        "{\"orderId\": \"ord_"
            + n
            + "\", \"customerId\": \""
            + customer
            + "\", \"totalCents\": "
            + total
            + ", \"currency\": \"EUR\", \"lines\": [{\"sku\": \"A-1\", \"quantity\": 1, \"unitPriceCents\": "
            + total
            + "}]}";
    switch (this) {
      case BUSINESS_ONLY -> {}
      case PLAIN_SQL -> {
        statements.plain().setString(1, "ord_" + n);
        statements.plain().setString(2, payload);
        statements.plain().executeUpdate();
      }
      case EMIT, EMIT_WITH_PURGE, EMIT_WITH_DISCARD_TRIGGER ->
          outbox.emit(c, OutboxEvent.of("order.created", "Order", "ord_" + n, payload));
    }
    c.commit();
  }
}
