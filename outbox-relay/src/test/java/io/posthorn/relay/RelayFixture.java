package io.posthorn.relay;

import io.posthorn.devstack.DevStack;
import io.posthorn.devstack.TopicReader;
import io.posthorn.schema.EventHeaders;
import io.posthorn.schema.OutboxSchema;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One isolated relay setup on the shared stack: its own database, slot and topics. Closing it
 * closes the relays it started.
 */
final class RelayFixture implements AutoCloseable {
  final DevStack stack = DevStack.shared();
  final String name;
  final DataSource db;
  private final List<OutboxRelay> relays = new ArrayList<>();

  RelayFixture(String prefix) {
    name = stack.postgres().createDatabase(prefix);
    db = stack.postgres().dataSource(name);
    OutboxSchema.migrate(db);
  }

  /** A config on this fixture's database, slot and topics, with test-friendly (short) intervals. */
  RelayConfig.Builder config() {
    return RelayConfig.builder(
            stack.postgres().jdbcUrl(name), "postgres", "", stack.kafka().bootstrapServers())
        .slotName("slot_" + name)
        .eventsTopic(name + ".events")
        .invalidTopic(name + ".events.invalid")
        .offsetsTopic(name + ".offsets")
        .topicPartitions(3)
        .standbyCheckInterval(Duration.ofMillis(200))
        .shutdownTimeout(Duration.ofSeconds(20));
  }

  /** Starts a relay that {@link #close()} will close. */
  OutboxRelay start(RelayConfig config, RelayListener listener) {
    OutboxRelay relay = OutboxRelay.create(config, listener).start();
    relays.add(relay);
    return relay;
  }

  @Override
  public void close() {
    relays.forEach(OutboxRelay::close);
  }

  /** Inserts {@code n} valid rows in one transaction and returns their ids. */
  List<UUID> insert(int n) {
    List<UUID> ids = new ArrayList<>(n);
    StringBuilder sql =
        new StringBuilder(
            "INSERT INTO posthorn.outbox (id, event_type, aggregate_type, aggregate_id, payload) VALUES ");
    for (int i = 0; i < n; i++) {
      UUID id = UUID.randomUUID();
      ids.add(id);
      sql.append(i == 0 ? "" : ", ")
          .append("('")
          .append(id)
          .append("', 'posthorn.ping', 'Order', 'ord_")
          .append(i % 10)
          .append("', '{\"n\": ")
          .append(i)
          .append("}')");
    }
    execute(sql.toString());
    return ids;
  }

  void execute(String sql) {
    try (Connection c = db.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  /** The first column of the first row of a query, as text (null if no row). */
  String query(String sql) {
    try (Connection c = db.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  /** The walsender's pid streaming from this fixture's slot, or null. */
  String activeWalsender() {
    return query(
        "SELECT active_pid FROM pg_replication_slots WHERE slot_name = 'slot_" + name + "'");
  }

  /**
   * Event ids on the events topic, read from the beginning until {@code expected} distinct ones
   * were seen.
   */
  List<String> eventIds(int expected, Duration timeout) {
    try (TopicReader reader = new TopicReader(stack.kafka().bootstrapServers(), name + ".events")) {
      return reader
          .readUntil(
              r -> r.stream().map(RelayFixture::eventId).distinct().count() >= expected, timeout)
          .stream()
          .map(RelayFixture::eventId)
          .toList();
    }
  }

  static String eventId(ConsumerRecord<byte[], byte[]> record) {
    var h = record.headers().lastHeader(EventHeaders.EVENT_ID);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
