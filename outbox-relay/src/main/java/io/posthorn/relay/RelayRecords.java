package io.posthorn.relay;

import io.posthorn.schema.EnvelopeCodec;
import io.posthorn.schema.EventHeaders;
import io.posthorn.schema.EventRecord;
import io.posthorn.schema.catalog.LiveCatalog;
import io.posthorn.schema.logging.LogContext;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka record the relay publishes for a change event of the Debezium PostgreSQL connector: the
 * one mapping of both relays, the embedded one ({@link OutboxRelay}) and the Kafka Connect plugin
 * ({@code outbox-relay-connect}), so both write the same key, value bytes and headers for a row
 * (decision 0050).
 *
 * <ul>
 *   <li>An outbox insert that is a valid event meeting the catalog: the events topic, key = the
 *       aggregate id, value = the envelope, headers from {@link EventHeaders} ({@link
 *       EventRecord}).
 *   <li>An insert into the registry's endpoint feed: the endpoints topic, key = the endpoint id,
 *       value = the document, or a tombstone.
 *   <li>Anything else inserted (not an envelope, breaks the catalog, a feed row without a usable
 *       document): the invalid topic, key = the row's {@code id} as text, value = a flat JSON
 *       object of its columns, headers {@code posthorn-invalid-reason} and {@code
 *       posthorn-outbox-row-id}; logged at WARN. A row whose record would exceed {@link
 *       #MAX_RECORD_BYTES} is quarantined with its long values left out, since Kafka would refuse
 *       it on every retry.
 *   <li>Not an insert (heartbeat messages, Debezium's heartbeat records, updates, deletes):
 *       nothing.
 * </ul>
 *
 * <p>A row the catalog refuses makes it reload its directory if a file changed before the row is
 * quarantined ({@link CatalogRecheck}); the embedded relay also holds a row whose type or version
 * its catalog lacks, for {@code relay.catalog-wait} (decision 0047), while {@link #create} (the
 * Kafka Connect plugin) quarantines it after the reload, without holding the connector's task. Not
 * thread-safe: one instance per capturing thread.
 */
public final class RelayRecords {
  private static final Logger log = LoggerFactory.getLogger(RelayRecords.class);

  /** Below the producer's max.request.size (1 MiB) and the broker's default message.max.bytes. */
  static final int MAX_RECORD_BYTES = 1_000_000;

  private final String eventsTopic;
  private final String invalidTopic;
  private final String endpointsTopic;
  private final CatalogRecheck catalog;

  RelayRecords(
      String eventsTopic, String invalidTopic, String endpointsTopic, CatalogRecheck catalog) {
    this.eventsTopic = eventsTopic;
    this.invalidTopic = invalidTopic;
    this.endpointsTopic = endpointsTopic;
    this.catalog = catalog;
  }

  /**
   * Records for these topics, rows checked against {@code catalog}; {@code clock} paces its
   * reloads.
   */
  public static RelayRecords create(
      String eventsTopic,
      String invalidTopic,
      String endpointsTopic,
      LiveCatalog catalog,
      Clock clock) {
    return new RelayRecords(
        eventsTopic,
        invalidTopic,
        endpointsTopic,
        new CatalogRecheck(catalog, clock, Duration.ZERO, RelayListener.NONE, () -> {}));
  }

  /** A row held for the catalog lets go ({@link CatalogRecheck#stop()}). Any thread. */
  void stopHolding() {
    catalog.stop();
  }

  /**
   * The record to publish for {@code change} (a record of the Debezium PostgreSQL connector, before
   * any converter), or empty when it is not an insert and nothing is published. Never throws for
   * bad data.
   */
  public Optional<ProducerRecord<byte[], byte[]>> recordFor(ConnectRecord<?> change) {
    return switch (route(change.value())) {
      case Publish publish -> Optional.of(publish.record());
      case Skip skip -> Optional.empty();
    };
  }

  /** What a change event's value becomes. */
  sealed interface Routed permits Skip, Publish {}

  /**
   * Nothing to send. {@code fromWal}: it came through the replication stream (a row or a message,
   * unlike Debezium's own heartbeat records); {@code heartbeat}: it is one of our heartbeats.
   */
  record Skip(boolean fromWal, boolean heartbeat) implements Routed {}

  /** A captured insert: what it turned out to be, and its record. */
  record Publish(CapturedRow row, ProducerRecord<byte[], byte[]> record) implements Routed {}

  Routed route(Object changeValue) {
    Struct value = changeValue instanceof Struct s && s.schema().field("op") != null ? s : null;
    if (value == null
        || !"c".equals(value.getString("op"))
        || value.schema().field("after") == null) {
      return new Skip(value != null, value != null && Heartbeats.isHeartbeat(value));
    }
    Struct after = value.getStruct("after");
    CapturedRow row =
        FeedRowMapper.isFeedRow(value) ? FeedRowMapper.map(after) : catalog.map(after);
    ProducerRecord<byte[], byte[]> out =
        switch (row) {
          case CapturedRow.Valid valid -> EventRecord.of(eventsTopic, valid.envelope());
          case CapturedRow.Invalid invalid -> invalidRecord(invalid);
          case CapturedRow.EndpointChange change ->
              new ProducerRecord<>(
                  endpointsTopic,
                  null,
                  change.endpointId().getBytes(StandardCharsets.UTF_8),
                  change.document());
        };
    int size = size(out);
    if (size > MAX_RECORD_BYTES) { // Kafka would refuse it on every retry: quarantine it, shortened
      CapturedRow.Invalid shortened = tooLarge(after, size);
      row = shortened;
      out = invalidRecord(shortened);
    }
    if (row instanceof CapturedRow.Invalid invalid) {
      LogContext logContext = CapturedRow.logContext(row);
      try {
        log.warn(
            "quarantining outbox row {} to {}: {}",
            invalid.rowId(),
            invalidTopic,
            invalid.reason());
      } finally {
        logContext.close();
      }
    }
    return new Publish(row, out);
  }

  private static int size(ProducerRecord<byte[], byte[]> record) {
    int size =
        (record.key() == null ? 0 : record.key().length)
            + (record.value() == null ? 0 : record.value().length);
    for (var h : record.headers()) {
      size += h.key().length() + h.value().length;
    }
    return size;
  }

  /**
   * A row too large for a Kafka record: its columns with every long value replaced by its length.
   */
  private static CapturedRow.Invalid tooLarge(Struct after, int bytes) {
    Map<String, String> columns = new LinkedHashMap<>();
    for (Field field : after.schema().fields()) {
      Object v = after.get(field);
      String text = v == null ? null : v.toString();
      columns.put(
          field.name(),
          text != null && text.length() > 1_000
              ? "(omitted: " + text.length() + " characters)"
              : text);
    }
    return new CapturedRow.Invalid(
        columns.get("id"),
        "the row makes a Kafka record of "
            + bytes
            + " bytes, over the"
            + " relay's limit of "
            + MAX_RECORD_BYTES
            + " (long column values are omitted here)",
        columns);
  }

  private ProducerRecord<byte[], byte[]> invalidRecord(CapturedRow.Invalid invalid) {
    RecordHeaders headers = new RecordHeaders();
    header(headers, EventHeaders.INVALID_REASON, invalid.reason());
    if (invalid.rowId() != null) {
      header(headers, EventHeaders.OUTBOX_ROW_ID, invalid.rowId());
    }
    byte[] key = invalid.rowId() == null ? null : invalid.rowId().getBytes(StandardCharsets.UTF_8);
    return new ProducerRecord<>(
        invalidTopic, null, key, EnvelopeCodec.encodeColumns(invalid.columns()), headers);
  }

  private static void header(RecordHeaders headers, String name, String value) {
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
