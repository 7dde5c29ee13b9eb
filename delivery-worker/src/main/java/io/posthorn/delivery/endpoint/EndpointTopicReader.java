package io.posthorn.delivery.endpoint;

import io.posthorn.delivery.DeliveryException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link RoutingTable} in step with the compacted endpoints topic: reads every partition
 * from the beginning, without a consumer group, on its own thread, and publishes a new table after
 * each poll that changed something (so a change is live within one poll, ~100 ms).
 *
 * <p>A document that does not decode removes the endpoint (it receives nothing until a valid
 * document replaces it) and is reported, never skipped silently.
 */
public final class EndpointTopicReader implements Runnable, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EndpointTopicReader.class);
  private static final Duration POLL = Duration.ofMillis(100);

  private final Consumer<byte[], byte[]> consumer;
  private final String topic;
  private final EndpointConverter documents;
  private final BiConsumer<String, String> rejected;
  private final java.util.function.Consumer<String> removed;
  private final AtomicReference<RoutingTable> current = new AtomicReference<>(RoutingTable.EMPTY);
  private final CountDownLatch loaded = new CountDownLatch(1);
  private volatile boolean running = true;
  private volatile Throwable failure;
  private Map<TopicPartition, Long> loadUntil;

  /** A feed that tells nobody about deletions; see the five-argument form. */
  public EndpointTopicReader(
      Consumer<byte[], byte[]> consumer,
      String topic,
      EndpointConverter documents,
      BiConsumer<String, String> rejected) {
    this(consumer, topic, documents, rejected, id -> {});
  }

  /**
   * @param rejected told (endpoint id, reason) for every document that does not decode
   * @param removed told the id of every endpoint that left the table (tombstone, or a document that
   *     no longer decodes), after the table without it is published; on the feed's thread. The
   *     worker drops the endpoint's gate state, lane and meters then, so they stay as many as the
   *     endpoints.
   */
  public EndpointTopicReader(
      Consumer<byte[], byte[]> consumer,
      String topic,
      EndpointConverter documents,
      BiConsumer<String, String> rejected,
      java.util.function.Consumer<String> removed) {
    this.consumer = consumer;
    this.topic = topic;
    this.documents = documents;
    this.rejected = rejected;
    this.removed = removed;
  }

  /** The latest table; never null. */
  public RoutingTable current() {
    return current.get();
  }

  /** True once the table holds everything the topic held when the feed started. */
  public boolean isLoaded() {
    return loaded.getCount() == 0;
  }

  /**
   * Why the feed stopped following the topic (the routing table is frozen from then on), or null
   * while it runs or after a clean close.
   */
  public Throwable failure() {
    return failure;
  }

  /** Blocks until the table holds everything the topic held when the feed started. */
  public void awaitLoaded(Duration timeout) {
    try {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!loaded.await(
          Math.min(100, Math.max(0, (deadline - System.nanoTime()) / 1_000_000)),
          TimeUnit.MILLISECONDS)) {
        if (failure != null) {
          throw new DeliveryException(
              "endpoints feed from " + topic + " failed while loading", failure);
        }
        if (System.nanoTime() >= deadline) {
          throw new DeliveryException(
              "endpoints topic "
                  + topic
                  + " not loaded within "
                  + timeout
                  + ": is Kafka reachable and does the topic exist?");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeliveryException("interrupted while loading " + topic, e);
    }
  }

  @Override
  public void run() {
    try {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      loadUntil = consumer.endOffsets(partitions);
      while (running) {
        apply(consumer.poll(POLL));
        checkLoaded();
      }
    } catch (WakeupException e) {
      if (running) {
        died(e);
      }
    } catch (RuntimeException | Error e) {
      died(e);
    } finally {
      consumer.close();
    }
  }

  private void died(Throwable e) {
    failure = e;
    log.error(
        "endpoints feed from {} died; the routing table is frozen (disabled endpoints keep receiving, revoked"
            + " secrets keep signing): the worker reports FAILED",
        topic,
        e);
  }

  private void apply(Iterable<ConsumerRecord<byte[], byte[]>> records) {
    Map<String, Endpoint> changes = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      if (record.key() == null) {
        rejected.accept(
            "(no key)",
            "record "
                + record.topic()
                + "-"
                + record.partition()
                + "@"
                + record.offset()
                + " has no key");
        continue;
      }
      String id = new String(record.key(), StandardCharsets.UTF_8);
      if (record.value() == null) {
        changes.put(id, null);
        continue;
      }
      try {
        changes.put(id, documents.decode(id, record.value()));
      } catch (InvalidEndpointException e) {
        changes.put(id, null);
        rejected.accept(id, e.getMessage());
      }
    }
    if (!changes.isEmpty()) {
      RoutingTable before = current.get();
      current.set(before.apply(changes));
      changes.forEach(
          (id, e) -> {
            if (e == null && before.find(id) != null) {
              removed.accept(id);
            }
          });
    }
  }

  private void checkLoaded() {
    if (loaded.getCount() == 0) {
      return;
    }
    for (Map.Entry<TopicPartition, Long> end : loadUntil.entrySet()) {
      if (consumer.position(end.getKey()) < end.getValue()) {
        return;
      }
    }
    log.info("routing table loaded from {}: {} endpoint(s)", topic, current.get().size());
    loaded.countDown();
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
  }
}
