package io.posthorn.relay;

import io.posthorn.schema.Envelope;
import io.posthorn.schema.EnvelopeCodec;
import io.posthorn.schema.EventHeaders;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's batch handler: sends every captured insert of a batch to Kafka (valid ones to the
 * events topic, the rest to the invalid topic), waits for every ack, then marks the batch's source
 * offsets processed in order. An offset is never marked before its record is acknowledged, so
 * nothing is lost; marked offsets reach Kafka every {@code relay.offset-flush-interval}, so a crash
 * re-sends what was published since the last flush: at least once, in WAL order per aggregate.
 *
 * <p>Records that are not outbox inserts (heartbeats, other tables, updates or deletes should a
 * publication carry them) are marked without sending.
 */
final class EnvelopePublisher implements DebeziumEngine.ChangeConsumer<RecordChangeEvent<SourceRecord>> {
  private static final Logger log = LoggerFactory.getLogger(EnvelopePublisher.class);

  private final Producer<byte[], byte[]> producer;
  private final RelayConfig config;
  private final RelayListener listener;

  EnvelopePublisher(Producer<byte[], byte[]> producer, RelayConfig config, RelayListener listener) {
    this.producer = producer;
    this.config = config;
    this.listener = listener;
  }

  @Override
  public void handleBatch(
      List<RecordChangeEvent<SourceRecord>> batch,
      DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer)
      throws InterruptedException {
    List<Sent> sent = new ArrayList<>(batch.size());
    for (RecordChangeEvent<SourceRecord> event : batch) {
      sent.add(send(event.record()));
    }
    for (int i = 0; i < batch.size(); i++) {
      sent.get(i).awaitAck(listener);
      committer.markProcessed(batch.get(i));
    }
    committer.markBatchFinished();
  }

  private Sent send(SourceRecord record) {
    Struct after = afterImage(record);
    if (after == null) {
      return Sent.NOTHING;
    }
    return switch (OutboxRowMapper.map(after)) {
      case CapturedRow.Valid valid -> new Sent(producer.send(eventRecord(valid.envelope())), valid);
      case CapturedRow.Invalid invalid -> {
        log.warn("quarantining outbox row {} to {}: {}", invalid.rowId(), config.invalidTopic(), invalid.reason());
        yield new Sent(producer.send(invalidRecord(invalid)), invalid);
      }
    };
  }

  /** The new row of an insert, or null for anything that is not one. */
  private static Struct afterImage(SourceRecord record) {
    if (!(record.value() instanceof Struct value) || value.schema().field("after") == null
        || value.schema().field("op") == null || !"c".equals(value.getString("op"))) {
      return null;
    }
    return value.getStruct("after");
  }

  private ProducerRecord<byte[], byte[]> eventRecord(Envelope envelope) {
    RecordHeaders headers = new RecordHeaders();
    header(headers, EventHeaders.EVENT_ID, envelope.id().toString());
    header(headers, EventHeaders.EVENT_TYPE, envelope.eventType().name());
    header(headers, EventHeaders.OCCURRED_AT, envelope.occurredAt().toString());
    if (envelope.tenantId() != null) {
      header(headers, EventHeaders.TENANT_ID, envelope.tenantId());
    }
    if (envelope.traceId() != null) {
      header(headers, EventHeaders.TRACE_ID, envelope.traceId());
    }
    return new ProducerRecord<>(config.eventsTopic(), null,
        envelope.aggregateId().getBytes(StandardCharsets.UTF_8), EnvelopeCodec.encode(envelope), headers);
  }

  private ProducerRecord<byte[], byte[]> invalidRecord(CapturedRow.Invalid invalid) {
    RecordHeaders headers = new RecordHeaders();
    header(headers, EventHeaders.INVALID_REASON, invalid.reason());
    if (invalid.rowId() != null) {
      header(headers, EventHeaders.OUTBOX_ROW_ID, invalid.rowId());
    }
    byte[] key = invalid.rowId() == null ? null : invalid.rowId().getBytes(StandardCharsets.UTF_8);
    return new ProducerRecord<>(config.invalidTopic(), null, key, EnvelopeCodec.encodeColumns(invalid.columns()), headers);
  }

  private static void header(RecordHeaders headers, String name, String value) {
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }

  /** One source record's send, or nothing to send ({@code row} and {@code ack} null). */
  private record Sent(Future<RecordMetadata> ack, CapturedRow row) {
    static final Sent NOTHING = new Sent(null, null);

    void awaitAck(RelayListener listener) throws InterruptedException {
      if (row == null) {
        return;
      }
      try {
        ack.get();
      } catch (ExecutionException e) {
        String what = switch (row) {
          case CapturedRow.Valid valid -> "event " + valid.envelope().id();
          case CapturedRow.Invalid invalid -> "quarantined row " + invalid.rowId();
        };
        throw new RelayException("Kafka did not acknowledge " + what + "; the batch will be re-read", e.getCause());
      }
      switch (row) {
        case CapturedRow.Valid valid -> listener.published(valid.envelope());
        case CapturedRow.Invalid invalid -> listener.quarantined(invalid.rowId(), invalid.reason());
      }
    }
  }
}
