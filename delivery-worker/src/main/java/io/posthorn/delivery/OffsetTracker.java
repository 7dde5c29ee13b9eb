package io.posthorn.delivery;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which polled records still have deliveries outstanding, per partition, and so how far each
 * partition may be committed: up to (not including) the lowest unfinished offset, or past the
 * highest polled one when nothing is open. A record finished out of order never lets the commit
 * pass an earlier one still in flight.
 *
 * <p>{@link #polled}, {@link #committable} and {@link #forget} run on the consumer thread;
 * {@link #finished} on any thread.
 */
final class OffsetTracker {
  private final Map<TopicPartition, Partition> partitions = new ConcurrentHashMap<>();

  void polled(TopicPartition tp, long offset) {
    partitions.computeIfAbsent(tp, t -> new Partition()).polled(offset);
  }

  void finished(TopicPartition tp, long offset) {
    Partition p = partitions.get(tp);
    if (p != null) { // null once revoked: the new owner re-delivers, which is at-least-once
      p.finished(offset);
    }
  }

  /** Offsets that moved since the last call, ready for {@code commitAsync}. */
  Map<TopicPartition, OffsetAndMetadata> committable() {
    Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
    partitions.forEach((tp, p) -> {
      long next = p.advance();
      if (next >= 0) {
        out.put(tp, new OffsetAndMetadata(next));
      }
    });
    return out;
  }

  /** Records still in flight, across partitions. */
  int open() {
    return partitions.values().stream().mapToInt(Partition::open).sum();
  }

  void forget(Collection<TopicPartition> revoked) {
    revoked.forEach(partitions::remove);
  }

  private static final class Partition {
    private final TreeSet<Long> open = new TreeSet<>();
    private long nextAfterPolled = -1;
    private long lastReported = -1;

    synchronized void polled(long offset) {
      open.add(offset);
      nextAfterPolled = Math.max(nextAfterPolled, offset + 1);
    }

    synchronized void finished(long offset) {
      open.remove(offset);
    }

    /** The new committable offset, or -1 when it has not moved. */
    synchronized long advance() {
      long next = open.isEmpty() ? nextAfterPolled : open.first();
      if (next <= lastReported) {
        return -1;
      }
      lastReported = next;
      return next;
    }

    synchronized int open() {
      return open.size();
    }
  }
}
