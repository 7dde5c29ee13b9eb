package io.posthorn.inbound;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.posthorn.schema.Outbox;
import io.posthorn.schema.OutboxEvent;
import io.posthorn.schema.connection.ConnectionDocument;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Writes an accepted request: in one transaction its log row ({@code posthorn_inbound.requests},
 * unique per connection and provider delivery id) and, only when that row is new, its event in the
 * outbox. Either both commit or neither does; a re-delivery commits nothing.
 */
final class InboundLog {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String INSERT =
      "INSERT INTO posthorn_inbound.requests (id, connection_id, provider, delivery_id,"
          + " received_at, verdict, event_type, client, headers, body)"
          + " VALUES (?, ?, ?, ?, ?, 'verified', ?, ?, CAST(? AS jsonb), ?)"
          + " ON CONFLICT (connection_id, delivery_id) DO NOTHING";

  /** The aggregate type of inbound events; the aggregate id is the connection id. */
  static final String AGGREGATE_TYPE = "inbound_connection";

  private final DataSource db;
  private final Outbox outbox;

  InboundLog(DataSource db, Outbox outbox) {
    this.db = db;
    this.outbox = outbox;
  }

  /** What to write for one verified request. */
  record Entry(
      ConnectionDocument connection,
      String deliveryId,
      String eventType,
      String client,
      Map<String, String> maskedHeaders,
      byte[] body,
      Instant receivedAt) {}

  /**
   * @return the new event's id, or {@code null} when the delivery id was stored before (nothing
   *     written)
   * @throws SQLException when the database refused; nothing was written
   */
  UUID write(Entry e) throws SQLException {
    UUID id = UUID.randomUUID();
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      try {
        int inserted;
        try (PreparedStatement s = c.prepareStatement(INSERT)) {
          s.setObject(1, id);
          s.setString(2, e.connection().id());
          s.setString(3, e.connection().provider().wireName());
          s.setString(4, e.deliveryId());
          s.setTimestamp(5, Timestamp.from(e.receivedAt()));
          s.setString(6, e.eventType());
          s.setString(7, e.client());
          s.setString(8, JSON.writeValueAsString(e.maskedHeaders()));
          s.setBytes(9, e.body());
          inserted = s.executeUpdate();
        }
        if (inserted == 0) {
          c.rollback();
          return null;
        }
        ObjectNode metadata = JSON.createObjectNode();
        metadata.put("connectionId", e.connection().id());
        metadata.put("providerDeliveryId", e.deliveryId());
        metadata.put("provider", e.connection().provider().wireName());
        outbox.emit(
            c,
            OutboxEvent.of(
                    e.eventType(),
                    AGGREGATE_TYPE,
                    e.connection().id(),
                    new String(e.body(), StandardCharsets.UTF_8))
                .withId(id)
                .withTenant(e.connection().tenantId())
                .withMetadata(metadata.toString()));
        c.commit();
        return id;
      } catch (SQLException | RuntimeException ex) {
        c.rollback();
        throw ex;
      } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
        c.rollback();
        throw new IllegalStateException("headers of connection " + e.connection().id(), ex);
      }
    }
  }
}
