package io.posthorn.connect;

import io.posthorn.relay.RelayRecords;
import io.posthorn.schema.Topics;
import io.posthorn.schema.catalog.EventCatalog;
import io.posthorn.schema.catalog.LiveCatalog;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * The relay's mapping as a Kafka Connect transformation, for the Debezium PostgreSQL connector:
 * each change event becomes exactly the record the embedded relay publishes for it ({@link
 * RelayRecords}): an outbox insert → the events topic or, with the reason, the invalid topic; an
 * endpoint feed insert → the endpoints topic; anything else (heartbeats, updates, Debezium's own
 * records) is dropped, and Connect still commits its offset, so the slot advances.
 *
 * <p>The result's key, value and headers are bytes ({@link Schema#OPTIONAL_BYTES_SCHEMA}): the
 * connector must use {@code org.apache.kafka.connect.converters.ByteArrayConverter} as its key,
 * value and header converter, so they reach Kafka unchanged (ops/connect/README.md).
 *
 * <p>Rows are checked against the event catalog in {@code catalog.dir} (or the worker's {@value
 * EventCatalog#DIR_VARIABLE}); a row the catalog refuses makes it reload the directory, at most
 * once a second, before the row is quarantined. Connect makes one instance per task and calls it
 * from the task's thread only.
 */
public final class OutboxRouter<R extends ConnectRecord<R>>
    implements Transformation<R>, Versioned {
  static final String EVENTS_TOPIC = "topic.events";
  static final String INVALID_TOPIC = "topic.invalid";
  static final String ENDPOINTS_TOPIC = "topic.endpoints";
  static final String CATALOG_DIR = "catalog.dir";

  static final ConfigDef CONFIG =
      new ConfigDef()
          .define(
              EVENTS_TOPIC,
              ConfigDef.Type.STRING,
              Topics.EVENTS,
              new ConfigDef.NonEmptyString(),
              ConfigDef.Importance.HIGH,
              "Where valid outbox rows are published as envelopes (relay.topic.events).")
          .define(
              INVALID_TOPIC,
              ConfigDef.Type.STRING,
              Topics.EVENTS_INVALID,
              new ConfigDef.NonEmptyString(),
              ConfigDef.Importance.HIGH,
              "Rows that cannot become an envelope or break the catalog, with a reason header"
                  + " (relay.topic.invalid).")
          .define(
              ENDPOINTS_TOPIC,
              ConfigDef.Type.STRING,
              Topics.ENDPOINTS,
              new ConfigDef.NonEmptyString(),
              ConfigDef.Importance.HIGH,
              "Where rows of the registry's endpoint feed are published (relay.topic.endpoints).")
          .define(
              CATALOG_DIR,
              ConfigDef.Type.STRING,
              "",
              ConfigDef.Importance.MEDIUM,
              "The event catalog directory rows are checked against; empty: the worker's "
                  + EventCatalog.DIR_VARIABLE
                  + ", or Posthorn's own types only.");

  private RelayRecords records;

  @Override
  public void configure(Map<String, ?> settings) {
    AbstractConfig config = new AbstractConfig(CONFIG, settings);
    String dir = config.getString(CATALOG_DIR).strip();
    records =
        RelayRecords.create(
            config.getString(EVENTS_TOPIC),
            config.getString(INVALID_TOPIC),
            config.getString(ENDPOINTS_TOPIC),
            LiveCatalog.load(
                dir.isEmpty() ? Optional.empty() : Optional.of(Path.of(dir)), LiveCatalog.LOG),
            Clock.systemUTC());
  }

  /** The relay's record for {@code change}, or {@code null} (dropped) when it publishes none. */
  @Override
  public R apply(R change) {
    Optional<ProducerRecord<byte[], byte[]>> out = records.recordFor(change);
    if (out.isEmpty()) {
      return null;
    }
    ProducerRecord<byte[], byte[]> record = out.get();
    ConnectHeaders headers = new ConnectHeaders();
    for (Header h : record.headers()) {
      headers.addBytes(h.key(), h.value());
    }
    return change.newRecord(
        record.topic(),
        null,
        Schema.OPTIONAL_BYTES_SCHEMA,
        record.key(),
        Schema.OPTIONAL_BYTES_SCHEMA,
        record.value(),
        null,
        headers);
  }

  @Override
  public ConfigDef config() {
    return CONFIG;
  }

  @Override
  public String version() {
    String version = OutboxRouter.class.getPackage().getImplementationVersion();
    return version == null ? "unknown" : version;
  }

  @Override
  public void close() {}
}
