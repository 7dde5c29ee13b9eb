package io.posthorn.relay;

import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.posthorn.schema.logging.LogContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * The engine's batch handler: sends every captured insert of a batch to Kafka (valid ones to the
 * events topic, the rest to the invalid topic; endpoint feed rows to the endpoints topic) and hands
 * the sends to the {@link OffsetMarker}, which marks each source offset once Kafka acknowledged it
 * and everything before it. The handler returns as soon as at most {@code
 * relay.max-unacked-batches} batches await acks, so the engine reads the next batch while Kafka
 * works. Marked offsets reach Kafka every {@code relay.offset-flush-interval}; a crash re-sends
 * what was published since the last flush.
 *
 * <p>What each record becomes is {@link RelayRecords}' answer, the mapping the Kafka Connect plugin
 * shares.
 *
 * <p>Records that are not outbox inserts (heartbeats, Debezium's own heartbeat records, updates or
 * deletes should a publication carry them) are marked in their turn without sending. Once {@link
 * #stopAccepting()} returned, batches are neither sent nor marked: the next run reads them.
 */
final class EnvelopePublisher
    implements DebeziumEngine.ChangeConsumer<RecordChangeEvent<SourceRecord>> {
  private final Producer<byte[], byte[]> producer;
  private final RelayConfig config;
  private final RelayRecords records;
  private final RelayListener listener;
  private final OffsetMarker<RecordChangeEvent<SourceRecord>> marker;
  private final Watchdog watchdog;
  private final ReentrantLock handling = new ReentrantLock();
  private boolean accepting = true; // guarded by handling

  EnvelopePublisher(
      Producer<byte[], byte[]> producer,
      RelayConfig config,
      RelayRecords records,
      RelayListener listener,
      OffsetMarker<RecordChangeEvent<SourceRecord>> marker,
      Watchdog watchdog) {
    this.producer = producer;
    this.config = config;
    this.records = records;
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
    records.stopHolding(); // a row held for the catalog lets go of the batch
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
      DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer) {
    return switch (records.route(event.record().value())) {
      case RelayRecords.Skip skip -> {
        if (skip.fromWal()) {
          watchdog.walActivity();
        }
        if (skip.heartbeat()) {
          listener.heartbeat();
        }
        yield new OffsetMarker.Pending<>(event, null, null, committer, skip.fromWal());
      }
      case RelayRecords.Publish publish -> {
        watchdog.walActivity();
        LogContext logContext = CapturedRow.logContext(publish.row());
        try {
          yield new OffsetMarker.Pending<>(
              event, producer.send(publish.record()), publish.row(), committer, true);
        } finally {
          logContext.close();
        }
      }
    };
  }
}
