package io.posthorn.relay;

import io.debezium.engine.DebeziumEngine.RecordCommitter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks the engine's records processed in capture order, each only once Kafka has acknowledged it
 * and every record before it. It runs on a thread of its own, so the engine reads, maps and sends
 * the next batches while earlier ones still await their acks: the relay's throughput comes from
 * this pipelining, and the guarantee is the same as waiting for every batch.
 *
 * <p>Debezium's committer is not thread-safe: every call on it (markProcessed here, and
 * markBatchFinished through {@link #finishBatch}) holds one lock. After an ack fails nothing more
 * is marked, so the offsets never pass an unacknowledged record; the run must then be restarted,
 * and the engine reads again from the last flushed offset.
 *
 * @param <R> the engine's record type
 */
final class OffsetMarker<R> implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OffsetMarker.class);

  /**
   * One record of a batch: its send ({@code ack} null when nothing was sent), then its mark. {@code
   * fromWal}: the record came through the replication stream (a row or a heartbeat message), unlike
   * the records Debezium makes up; marking one is progress ({@link #progressed()}).
   */
  record Pending<R>(
      R record,
      Future<RecordMetadata> ack,
      CapturedRow row,
      RecordCommitter<R> committer,
      boolean fromWal) {}

  private record Batch<R>(List<Pending<R>> records) {}

  private final BlockingQueue<Batch<R>> queue = new LinkedBlockingQueue<>();
  private final Consumer<CapturedRow> acknowledged;
  private final Object committerLock = new Object();
  private final Object progress = new Object();
  private final Thread thread;
  private int unackedBatches; // guarded by progress
  private RelayException failure; // guarded by progress
  private volatile boolean progressed;

  /**
   * @param acknowledged told about each row once it is marked, on the marker's thread
   */
  OffsetMarker(String name, Consumer<CapturedRow> acknowledged) {
    this.acknowledged = acknowledged;
    this.thread = Thread.ofPlatform().daemon().name(name).start(this::run);
  }

  /** Queues a batch, in capture order, behind the batches before it. */
  void submit(List<Pending<R>> batch) {
    synchronized (progress) {
      unackedBatches++;
    }
    queue.add(new Batch<>(List.copyOf(batch)));
  }

  /** Lets Debezium flush marked offsets when its flush interval has passed. */
  void finishBatch(RecordCommitter<R> committer) throws InterruptedException {
    synchronized (committerLock) {
      committer.markBatchFinished();
    }
  }

  /** Blocks until at most {@code n} submitted batches are not yet fully marked. */
  void awaitUnackedAtMost(int n) throws InterruptedException {
    synchronized (progress) {
      while (unackedBatches > n && failure == null) {
        progress.wait();
      }
      throwIfFailed();
    }
  }

  /**
   * Waits until every submitted batch is marked; false if that failed or took longer than {@code
   * timeout}.
   */
  boolean awaitDrained(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (progress) {
      long left;
      while (unackedBatches > 0 && failure == null && (left = deadline - System.nanoTime()) > 0) {
        progress.wait(Math.max(1, left / 1_000_000));
      }
      return unackedBatches == 0 && failure == null;
    }
  }

  /**
   * Whether a record from the WAL was marked: it reached Kafka, or needed not to, and the slot may
   * pass it.
   */
  boolean progressed() {
    return progressed;
  }

  /**
   * Batches submitted and not yet fully marked (waiting for Kafka's acks, or behind a failed one).
   */
  int unackedBatches() {
    synchronized (progress) {
      return unackedBatches;
    }
  }

  /** The failure that stopped marking, if any. */
  Optional<RelayException> failure() {
    synchronized (progress) {
      return Optional.ofNullable(failure);
    }
  }

  /** Throws the failure that stopped marking, if any. */
  void throwIfFailed() {
    synchronized (progress) {
      if (failure != null) {
        throw new RelayException(failure.getMessage(), failure.getCause());
      }
    }
  }

  private void run() {
    try {
      while (true) {
        Batch<R> batch = queue.take();
        for (Pending<R> pending : batch.records()) {
          mark(pending);
        }
        synchronized (progress) {
          unackedBatches--;
          progress.notifyAll();
        }
      }
    } catch (InterruptedException e) {
      // closed
    }
  }

  private void mark(Pending<R> pending) throws InterruptedException {
    synchronized (progress) {
      if (failure != null) {
        return;
      }
    }
    if (pending.ack() != null) {
      try {
        pending.ack().get();
      } catch (ExecutionException e) {
        fail(
            new RelayException(
                "Kafka did not acknowledge "
                    + describe(pending.row())
                    + "; the engine will read it again from the last flushed offset",
                e.getCause()));
        return;
      }
    }
    synchronized (committerLock) {
      pending.committer().markProcessed(pending.record());
    }
    if (pending.fromWal()) {
      progressed = true;
    }
    if (pending.row() != null) {
      try {
        acknowledged.accept(pending.row());
      } catch (RuntimeException e) {
        log.warn("relay listener failed on an acknowledged row; marking goes on", e);
      }
    }
  }

  private void fail(RelayException e) {
    synchronized (progress) {
      failure = e;
      progress.notifyAll();
    }
  }

  private static String describe(CapturedRow row) {
    return switch (row) {
      case CapturedRow.Valid valid -> "event " + valid.envelope().id();
      case CapturedRow.Invalid invalid -> "quarantined row " + invalid.rowId();
      case CapturedRow.EndpointChange change -> "endpoint " + change.endpointId();
      case null -> "a record";
    };
  }

  /** Stops marking; what is not marked yet will be read again by the next run. */
  @Override
  public void close() {
    thread.interrupt();
    try {
      thread.join(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
