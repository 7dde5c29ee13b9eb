package io.posthorn.relay;

import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.posthorn.schema.Envelope;
import io.posthorn.schema.EnvelopeCodec;
import io.posthorn.schema.EventHeaders;
import io.posthorn.schema.EventRecord;
import io.posthorn.schema.logging.LogContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's batch handler: sends every captured insert of a batch to Kafka (valid ones to the
 * events topic, the rest to the invalid topic; endpoint feed rows to the endpoints topic) and hands
 * the sends to the {@link OffsetMarker}, which marks each source offset once Kafka acknowledged it
 * and everything before it. The handler returns as soon as at most {@code
 * relay.max-unacked-batches} batches await acks, so the engine reads the next batch while Kafka
 * works. Marked offsets reach Kafka every {@code relay.offset-flush-interval}; a crash re-sends
 * what was published since the last flush.
 *
 * <p>A row whose record would exceed {@link #MAX_RECORD_BYTES} is quarantined with its long values
 * left out, since Kafka would refuse it on every retry and hold up everything behind it.
 *
 * <p>Records that are not outbox inserts (heartbeats, Debezium's own heartbeat records, updates or
 * deletes should a publication carry them) are marked in their turn without sending. Once {@link
 * #stopAccepting()} returned, batches are neither sent nor marked: the next run reads them.
 */
final class EnvelopePublisher
    implements DebeziumEngine.ChangeConsumer<RecordChangeEvent<SourceRecord>> {
  private static final Logger log = LoggerFactory.getLogger(EnvelopePublisher.class);

  /** Below the producer's max.request.size (1 MiB) and the broker's default message.max.bytes. */
  static final int MAX_RECORD_BYTES = 1_000_000;

  private final Producer<byte[], byte[]> producer;
  private final RelayConfig config;
  private final CatalogRecheck catalog;
  private final RelayListener listener;
  private final OffsetMarker<RecordChangeEvent<SourceRecord>> marker;
  private final Watchdog watchdog;
  private final ReentrantLock handling = new ReentrantLock();
  private boolean accepting = true; // guarded by handling

  EnvelopePublisher(
      Producer<byte[], byte[]> producer,
      RelayConfig config,
      CatalogRecheck catalog,
      RelayListener listener,
      OffsetMarker<RecordChangeEvent<SourceRecord>> marker,
      Watchdog watchdog) {
    this.producer = producer;
    this.config = config;
    this.catalog = catalog;
    this.listener = listener;
    this.marker = marker;
    this.watchdog = watchdog;
  }

  @Override
  public void handleBatch(
      List<RecordChangeEvent<SourceRecord>> batch,
      DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer)
      throws InterruptedException {
    handling.lockInterruptibly();
    try {
      if (!accepting) {
        return;
      }
      marker.throwIfFailed();
      List<OffsetMarker.Pending<RecordChangeEvent<SourceRecord>>> pending =
          new ArrayList<>(batch.size());
      try {
        for (RecordChangeEvent<SourceRecord> event : batch) {
          pending.add(send(event, committer));
        }
      } catch (CatalogRecheck.HoldAbandoned stopping) {
        return; // stopping while a row waited for the catalog: mark nothing, the next run reads it
      }
      marker.submit(pending);
      marker.awaitUnackedAtMost(config.maxUnackedBatches());
      marker.finishBatch(committer);
    } finally {
      handling.unlock();
    }
  }

  /**
   * Stops sending: waits for the batch in hand (at most {@code timeout}), after which no batch is
   * sent or marked. False if the batch in hand did not finish in time.
   */
  boolean stopAccepting(Duration timeout) throws InterruptedException {
    catalog.stop(); // a row held for the catalog lets go of the batch
    if (!handling.tryLock(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      return false;
    }
    try {
      accepting = false;
      return true;
    } finally {
      handling.unlock();
    }
  }

  private OffsetMarker.Pending<RecordChangeEvent<SourceRecord>> send(
      RecordChangeEvent<SourceRecord> event,
      DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer)
      throws InterruptedException {
    SourceRecord record = event.record();
    Struct value = record.value() instanceof Struct s && s.schema().field("op") != null ? s : null;
    if (value != null) {
      watchdog.walActivity();
    }
    if (value == null
        || !"c".equals(value.getString("op"))
        || value.schema().field("after") == null) {
      if (value != null && Heartbeats.isHeartbeat(value)) {
        listener.heartbeat();
      }
      return new OffsetMarker.Pending<>(event, null, null, committer, value != null);
    }
    Struct after = value.getStruct("after");
    CapturedRow row =
        FeedRowMapper.isFeedRow(value) ? FeedRowMapper.map(after) : catalog.map(after);
    ProducerRecord<byte[], byte[]> out =
        switch (row) {
          case CapturedRow.Valid valid -> eventRecord(valid.envelope());
          case CapturedRow.Invalid invalid -> invalidRecord(invalid);
          case CapturedRow.EndpointChange change ->
              new ProducerRecord<>(
                  config.endpointsTopic(),
                  null,
                  change.endpointId().getBytes(StandardCharsets.UTF_8),
                  change.document());
        };
    int size = size(out);
    if (size > MAX_RECORD_BYTES) { // Kafka would refuse it on every retry: quarantine it, shortened
      row = tooLarge(after, size);
      out = invalidRecord((CapturedRow.Invalid) row);
    }
    LogContext logContext = CapturedRow.logContext(row);
    try {
      if (row instanceof CapturedRow.Invalid invalid) {
        log.warn(
            "quarantining outbox row {} to {}: {}",
            invalid.rowId(),
            config.invalidTopic(),
            invalid.reason());
      }
      return new OffsetMarker.Pending<>(event, producer.send(out), row, committer, true);
    } finally {
      logContext.close();
    }
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

  private ProducerRecord<byte[], byte[]> eventRecord(Envelope envelope) {
    return EventRecord.of(config.eventsTopic(), envelope);
  }

  private ProducerRecord<byte[], byte[]> invalidRecord(CapturedRow.Invalid invalid) {
    RecordHeaders headers = new RecordHeaders();
    header(headers, EventHeaders.INVALID_REASON, invalid.reason());
    if (invalid.rowId() != null) {
      header(headers, EventHeaders.OUTBOX_ROW_ID, invalid.rowId());
    }
    byte[] key = invalid.rowId() == null ? null : invalid.rowId().getBytes(StandardCharsets.UTF_8);
    return new ProducerRecord<>(
        config.invalidTopic(), null, key, EnvelopeCodec.encodeColumns(invalid.columns()), headers);
  }

  private static void header(RecordHeaders headers, String name, String value) {
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
