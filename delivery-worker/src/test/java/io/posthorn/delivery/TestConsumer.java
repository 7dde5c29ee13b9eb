package io.posthorn.delivery;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;

/**
 * Kafka's {@link MockConsumer} with what the worker's tests need on top: asynchronous commits that
 * fail on demand, a latch that opens when a revoke begins, and a poll that yields a moment instead
 * of spinning (MockConsumer's poll never waits).
 */
class TestConsumer extends MockConsumer<byte[], byte[]> {
  /** Asynchronous commits still to fail. */
  final AtomicInteger failCommits = new AtomicInteger();

  final AtomicInteger asyncCommits = new AtomicInteger();

  /** Opens when the loop's rebalance listener is asked to revoke partitions. */
  final CountDownLatch revoking = new CountDownLatch(1);

  TestConsumer() {
    super("earliest");
  }

  /** The timeout of the latest poll. */
  volatile Duration lastPollTimeout;

  @Override
  public synchronized ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
    lastPollTimeout = timeout;
    ConsumerRecords<byte[], byte[]> records = super.poll(timeout);
    if (records.isEmpty()) {
      LockSupport.parkNanos(
          Duration.ofMillis(1).toNanos()); // pacing a mock that never waits, not a test wait
    }
    return records;
  }

  @Override
  public synchronized void commitAsync(
      Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
    asyncCommits.incrementAndGet();
    if (failCommits.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      callback.onComplete(offsets, new RebalanceInProgressException("commit refused by the test"));
      return;
    }
    super.commitAsync(offsets, callback);
  }

  /** What the last synchronous commit asked for. */
  volatile Map<TopicPartition, OffsetAndMetadata> lastSyncCommit = Map.of();

  @Override
  public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
    lastSyncCommit = Map.copyOf(offsets);
    super.commitSync(offsets);
  }

  @Override
  public void subscribe(Collection<String> topics, ConsumerRebalanceListener listener) {
    super.subscribe(
        topics,
        new ConsumerRebalanceListener() {
          @Override
          public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            revoking.countDown();
            listener.onPartitionsRevoked(partitions);
          }

          @Override
          public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            listener.onPartitionsAssigned(partitions);
          }

          @Override
          public void onPartitionsLost(Collection<TopicPartition> partitions) {
            listener.onPartitionsLost(partitions);
          }
        });
  }

  /** The committed offset of a partition, or -1. */
  synchronized long committedOffset(TopicPartition tp) {
    OffsetAndMetadata o = committed(java.util.Set.of(tp)).get(tp);
    return o == null ? -1 : o.offset();
  }
}
