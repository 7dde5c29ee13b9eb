package io.posthorn.delivery;

import java.time.Duration;
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
 * <p>It also remembers the last commit Kafka <em>confirmed</em> per partition. An offset is offered
 * for commit until a commit of it (or of a later one) is confirmed: a commit that failed is offered
 * again on the next call, even when the partition has gone idle since. While a commit is awaiting
 * its answer the same offset is not offered twice.
 *
 * <p>{@link #polled}, {@link #committable}, {@link #confirmed}, {@link #failed} and {@link #forget}
 * run on the consumer thread; {@link #finished} on any thread.
 */
final class OffsetTracker {
  private final Map<TopicPartition, Partition> partitions = new ConcurrentHashMap<>();

  /** Notified whenever a record finishes, for {@link #awaitFinished}. */
  private final Object finishes = new Object();

  void polled(TopicPartition tp, long offset) {
    partitions.computeIfAbsent(tp, t -> new Partition()).polled(offset);
  }

  void finished(TopicPartition tp, long offset) {
    Partition p = partitions.get(tp);
    if (p != null) { // null once revoked: the new owner re-delivers, which is at-least-once
      p.finished(offset);
      synchronized (finishes) {
        finishes.notifyAll();
      }
    }
  }

  /**
   * Offsets to commit now: every partition whose committable offset is past its confirmed commit
   * and not already awaiting an answer. Each is then awaiting until {@link #confirmed} or {@link
   * #failed}.
   */
  Map<TopicPartition, OffsetAndMetadata> committable() {
    Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
    partitions.forEach(
        (tp, p) -> {
          long next = p.toCommit(false);
          if (next >= 0) {
            out.put(tp, new OffsetAndMetadata(next));
          }
        });
    return out;
  }

  /**
   * Every offset of these partitions that is not yet confirmed, whether or not a commit of it is
   * awaiting its answer: for the synchronous commit on revoke and close.
   */
  Map<TopicPartition, OffsetAndMetadata> unconfirmed(Collection<TopicPartition> of) {
    Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
    for (TopicPartition tp : of) {
      Partition p = partitions.get(tp);
      long next = p == null ? -1 : p.toCommit(true);
      if (next >= 0) {
        out.put(tp, new OffsetAndMetadata(next));
      }
    }
    return out;
  }

  /**
   * Nothing in flight and every partition's commit point confirmed by Kafka: nothing for the
   * consume loop to do until new records arrive. Does not change what {@link #committable} offers.
   */
  boolean settled() {
    for (Partition p : partitions.values()) {
      if (!p.settled()) {
        return false;
      }
    }
    return true;
  }

  /** Every partition tracked now. */
  Collection<TopicPartition> tracked() {
    return partitions.keySet();
  }

  /** Kafka confirmed these commits. */
  void confirmed(Map<TopicPartition, OffsetAndMetadata> committed) {
    committed.forEach(
        (tp, o) -> {
          Partition p = partitions.get(tp);
          if (p != null) {
            p.confirmed(o.offset());
          }
        });
  }

  /** These commits failed: their offsets are offered again by the next {@link #committable}. */
  void failed(Map<TopicPartition, OffsetAndMetadata> attempted) {
    attempted.forEach(
        (tp, o) -> {
          Partition p = partitions.get(tp);
          if (p != null) {
            p.failed(o.offset());
          }
        });
  }

  /** Records still in flight, across partitions. */
  int open() {
    return partitions.values().stream().mapToInt(Partition::open).sum();
  }

  /** Records still in flight in these partitions. */
  int open(Collection<TopicPartition> of) {
    int n = 0;
    for (TopicPartition tp : of) {
      Partition p = partitions.get(tp);
      n += p == null ? 0 : p.open();
    }
    return n;
  }

  /**
   * Waits until nothing is in flight in these partitions, or {@code timeout} passed.
   *
   * @return true when nothing is in flight
   */
  boolean awaitFinished(Collection<TopicPartition> of, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (finishes) {
      while (open(of) > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        finishes.wait(Math.max(1, left / 1_000_000));
      }
    }
    return true;
  }

  void forget(Collection<TopicPartition> revoked) {
    revoked.forEach(partitions::remove);
  }

  private static final class Partition {
    private final TreeSet<Long> open = new TreeSet<>();
    private long nextAfterPolled = -1;

    /** The highest offset Kafka confirmed committing; -1 before any. */
    private long confirmed = -1;

    /** An offset whose commit awaits its answer; -1 for none. */
    private long awaiting = -1;

    synchronized void polled(long offset) {
      open.add(offset);
      nextAfterPolled = Math.max(nextAfterPolled, offset + 1);
    }

    synchronized void finished(long offset) {
      open.remove(offset);
    }

    /**
     * The offset to commit now, or -1 when it is confirmed (or, unless {@code evenIfAwaiting},
     * awaiting).
     */
    synchronized long toCommit(boolean evenIfAwaiting) {
      long next = open.isEmpty() ? nextAfterPolled : open.first();
      if (next <= confirmed || (!evenIfAwaiting && next == awaiting)) {
        return -1;
      }
      awaiting = next;
      return next;
    }

    synchronized void confirmed(long offset) {
      confirmed = Math.max(confirmed, offset);
      if (awaiting <= offset) {
        awaiting = -1;
      }
    }

    synchronized void failed(long offset) {
      if (awaiting == offset) {
        awaiting = -1;
      }
    }

    synchronized int open() {
      return open.size();
    }

    synchronized boolean settled() {
      return open.isEmpty() && (nextAfterPolled < 0 || nextAfterPolled <= confirmed);
    }
  }
}
