package io.posthorn.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.List;

/**
 * Writes events into {@code posthorn.outbox} on the caller's connection, inside the caller's open
 * transaction: it never begins, commits or rolls back. The event is relayed only if the caller's
 * transaction commits.
 */
public final class Outbox {
  private static final String INSERT =
      "INSERT INTO " + OutboxSchema.OUTBOX_TABLE
          + " (id, event_type, aggregate_type, aggregate_id, tenant_id, payload, metadata, occurred_at, trace_id)"
          + " VALUES (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?)";

  private Outbox() {}

  /** Inserts one event. */
  public static void emit(Connection connection, Envelope event) {
    emitAll(connection, List.of(event));
  }

  /** Inserts several events with one batched statement. */
  public static void emitAll(Connection connection, List<Envelope> events) {
    try (PreparedStatement s = connection.prepareStatement(INSERT)) {
      for (Envelope e : events) {
        s.setObject(1, e.id());
        s.setString(2, e.eventType().name());
        s.setString(3, e.aggregateType());
        s.setString(4, e.aggregateId());
        setNullable(s, 5, e.tenantId());
        s.setString(6, e.payload().json());
        s.setString(7, e.metadata().json());
        s.setTimestamp(8, Timestamp.from(e.occurredAt()));
        setNullable(s, 9, e.traceId());
        s.addBatch();
      }
      s.executeBatch();
    } catch (SQLException e) {
      throw new OutboxWriteException(
          "inserting " + events.size() + " event(s) into " + OutboxSchema.OUTBOX_TABLE
              + (events.isEmpty() ? "" : " (first id " + events.get(0).id() + ")") + ": " + e.getMessage(),
          e);
    }
  }

  private static void setNullable(PreparedStatement s, int index, String value) throws SQLException {
    if (value == null) {
      s.setNull(index, Types.VARCHAR);
    } else {
      s.setString(index, value);
    }
  }
}
