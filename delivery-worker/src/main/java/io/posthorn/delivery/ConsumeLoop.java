package io.posthorn.delivery;

import java.time.Duration;
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
 * The consumer thread: polls events, hands each to {@link FanOut}, commits what the
 * {@link OffsetTracker} says is finished, and pauses the assignment while too many deliveries are
 * in flight. Never blocks on HTTP, so a slow endpoint cannot stall polling past its deadline.
 */
final class ConsumeLoop implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(ConsumeLoop.class);
  private static final Duration POLL = Duration.ofMillis(50);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final WorkerConfig config;
  private final FanOut fanOut;
  private final OffsetTracker offsets;
  private final DeliveryListener listener;
  private volatile boolean running = true;
  private boolean paused;

  ConsumeLoop(KafkaConsumer<byte[], byte[]> consumer, WorkerConfig config, FanOut fanOut, OffsetTracker offsets,
      DeliveryListener listener) {
    this.consumer = consumer;
    this.config = config;
    this.fanOut = fanOut;
    this.offsets = offsets;
    this.listener = listener;
  }

  @Override
  public void run() {
    consumer.subscribe(List.of(config.eventsTopic()), new Rebalance());
    try {
      while (running) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
          route(record);
        }
        applyBackPressure();
        commit(false);
      }
    } catch (WakeupException e) {
      if (running) {
        throw e;
      }
    } finally {
      drain();
      commit(true);
      consumer.close();
    }
  }

  /** Lets deliveries on the wire finish (up to one request timeout), polling paused to stay in the group. */
  private void drain() {
    consumer.pause(consumer.assignment());
    long deadline = System.nanoTime() + config.requestTimeout().toNanos() + POLL.toNanos();
    while (fanOut.inFlight() > 0 && System.nanoTime() < deadline) {
      consumer.poll(POLL);
    }
  }

  private void route(ConsumerRecord<byte[], byte[]> record) {
    InboundEvent event;
    try {
      event = InboundEvent.of(record);
    } catch (UnroutableEventException e) {
      TopicPartition tp = new TopicPartition(record.topic(), record.partition());
      offsets.polled(tp, record.offset());
      offsets.finished(tp, record.offset());
      listener.unroutable(e.getMessage());
      return;
    }
    fanOut.deliver(event);
  }

  private void applyBackPressure() {
    int inFlight = fanOut.inFlight();
    if (!paused && inFlight >= config.maxInFlight()) {
      consumer.pause(consumer.assignment());
      paused = true;
    } else if (paused && inFlight <= config.maxInFlight() / 2) {
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

  /** Asks the loop to stop; it commits what is finished and closes the consumer. */
  void stop() {
    running = false;
    consumer.wakeup();
  }

  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
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
      offsets.forget(partitions);
    }
  }
}
