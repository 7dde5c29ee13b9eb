package io.posthorn.delivery;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer thread: polls events, holds at most one poll's records, hands them in order to
 * {@link FanOut} while fewer than {@code worker.max-in-flight} deliveries are open, and commits what
 * the {@link OffsetTracker} says is resolved. Fetching is paused while records are held, so memory
 * stays bounded. Never blocks on HTTP, so a slow endpoint cannot stall polling past its deadline.
 */
final class ConsumeLoop implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(ConsumeLoop.class);
  private static final Duration POLL = Duration.ofMillis(50);
  /** Poll timeout while records are held: short, so a freed slot is used promptly. */
  private static final Duration HOLD = Duration.ofMillis(5);
  /** The longest an endpoint timeout may be, plus time for the hand-over of what then fails. */
  private static final Duration DRAIN = Duration.ofSeconds(35);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final WorkerConfig config;
  private final FanOut fanOut;
  private final OffsetTracker offsets;
  private final DeliveryListener listener;
  private final Thread thread;
  /** Polled records not yet handed to the fan-out; at most one poll's worth. Consumer thread only. */
  private final ArrayDeque<ConsumerRecord<byte[], byte[]>> pending = new ArrayDeque<>();
  private volatile boolean running = true;
  private boolean paused;

  ConsumeLoop(KafkaConsumer<byte[], byte[]> consumer, WorkerConfig config, FanOut fanOut, OffsetTracker offsets,
      DeliveryListener listener) {
    this.consumer = consumer;
    this.config = config;
    this.fanOut = fanOut;
    this.offsets = offsets;
    this.listener = listener;
    this.thread = Thread.ofPlatform().name("posthorn-worker-" + config.groupId()).unstarted(this);
  }

  void start() {
    thread.start();
  }

  boolean isRunning() {
    return thread.isAlive() && running;
  }

  @Override
  public void run() {
    consumer.subscribe(List.of(config.eventsTopic()), new Rebalance());
    try {
      while (running) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(pending.isEmpty() ? POLL : HOLD)) {
          pending.add(record);
        }
        dispatchPending();
        pauseWhileHolding();
        commit(false);
      }
    } catch (WakeupException e) {
      if (running) {
        throw e;
      }
    } catch (RuntimeException e) {
      log.error("the consume loop of group {} failed; resolved records are committed, the rest will be"
          + " delivered again by the next owner of their partitions", config.groupId(), e);
      throw e;
    } finally {
      running = false;
      drain();
      commit(true);
      consumer.close();
    }
  }

  /** Lets open deliveries resolve (up to the longest timeout), polling paused to stay in the group. */
  private void drain() {
    consumer.pause(consumer.assignment());
    long deadline = System.nanoTime() + DRAIN.toNanos();
    while (fanOut.open() > 0 && System.nanoTime() < deadline) {
      try {
        consumer.poll(POLL);
      } catch (WakeupException e) {
        // close() woke a poll that had already returned: keep draining.
      }
    }
  }

  /** Hands held records to the fan-out, in order, while the global bound allows. */
  private void dispatchPending() {
    while (!pending.isEmpty() && fanOut.open() < config.maxInFlight()) {
      if (!route(pending.peekFirst())) {
        return; // an endpoint asked for a moment; offer the record again after a short poll
      }
      pending.pollFirst();
    }
  }

  /** @return false when the record must be offered again */
  private boolean route(ConsumerRecord<byte[], byte[]> record) {
    InboundEvent event;
    try {
      event = InboundEvent.of(record);
    } catch (UnroutableEventException e) {
      TopicPartition tp = new TopicPartition(record.topic(), record.partition());
      offsets.polled(tp, record.offset());
      offsets.finished(tp, record.offset());
      listener.unroutable(e.getMessage());
      return true;
    }
    return fanOut.tryDeliver(event);
  }

  /** Fetches nothing new while records are held: memory stays bounded by one poll. */
  private void pauseWhileHolding() {
    if (!paused && !pending.isEmpty()) {
      consumer.pause(consumer.assignment());
      paused = true;
    } else if (paused && pending.isEmpty()) {
      consumer.resume(consumer.paused());
      paused = false;
    }
  }

  private void commit(boolean sync) {
    Map<TopicPartition, OffsetAndMetadata> done = offsets.committable();
    if (done.isEmpty()) {
      return;
    }
    if (sync) {
      try {
        consumer.commitSync(done);
      } catch (RuntimeException e) {
        log.warn("final commit of {} failed; those events will be delivered again: {}", done, e.toString());
      }
    } else {
      consumer.commitAsync(done, (committed, error) -> {
        if (error != null) {
          log.warn("commit of {} failed (a later commit supersedes it): {}", committed, error.toString());
        }
      });
    }
  }

  /** Stops the loop and waits for it: it drains, commits what is resolved and closes the consumer. */
  void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(DRAIN.plusSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Held records of partitions this worker no longer owns are not dispatched: their new owner delivers them. */
  private void dropHeld(Collection<TopicPartition> partitions) {
    pending.removeIf(r -> partitions.contains(new TopicPartition(r.topic(), r.partition())));
  }

  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      dropHeld(partitions);
      commit(true);
      offsets.forget(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (paused) {
        consumer.pause(partitions);
      }
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      dropHeld(partitions);
      offsets.forget(partitions);
    }
  }
}
