package io.posthorn.relay;

import org.apache.kafka.connect.data.Struct;

/**
 * The relay's heartbeat: a non-transactional logical decoding message (PostgreSQL 14+) written
 * every {@code relay.heartbeat-interval} while the engine has nothing else to read. It travels
 * through the slot like any change, so marking it lets the slot's confirmed position, and with it
 * the WAL PostgreSQL must keep, advance on a quiet outbox; and its arrival proves the replication
 * stream alive to the {@link Watchdog}.
 */
final class Heartbeats {
  /** The logical message prefix; the connector streams messages with this prefix only. */
  static final String PREFIX = "posthorn-relay-heartbeat";

  private Heartbeats() {}

  /**
   * The statement Debezium runs each heartbeat interval; the content names the slot, for debugging.
   */
  static String actionQuery(String slotName) {
    // slotName is a validated lowercase identifier, so it needs no escaping.
    return "SELECT pg_logical_emit_message(false, '" + PREFIX + "', '" + slotName + "')";
  }

  /** Whether a change event's value is one of our heartbeat messages. */
  static boolean isHeartbeat(Struct value) {
    if (!"m".equals(value.getString("op")) || value.schema().field("message") == null) {
      return false;
    }
    Struct message = value.getStruct("message");
    return message != null && PREFIX.equals(message.getString("prefix"));
  }
}
