package io.posthorn.registry.attempt;

import io.posthorn.schema.attempt.AttemptRecordCodec;
import io.posthorn.schema.health.Health;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the workers' attempt records into the attempt log, a polled batch at a time: the batch
 * commits to PostgreSQL in one transaction, then its offsets commit to Kafka. A crash in between
 * re-reads the batch, and the log's identity constraint inserts nothing twice. A record that is not
 * an attempt is logged with its position and skipped (it can never become one). After each stored
 * batch {@code afterBatch} sees it (auto-disable reacts to it); one thread, its own.
 *
 * <p>If that thread dies (any error but a database failure, which is retried), {@link #health()}
 * says so, FAILED naming the cause, so the process supervisor restarts the registry rather than let
 * the attempt log, auto-disable and recover go stale while the API still answers.
 */
public final class AttemptConsumer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AttemptConsumer.class);
  private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

  private final Jdbi jdbi;
  private final org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer;
  private final String topic;
  private final Consumer<List<Attempt>> afterBatch;
  private volatile boolean running = true;
  private volatile String failure;
  private volatile String stalled;
  private volatile long lag;
  private Thread thread;

  public AttemptConsumer(
      Jdbi jdbi,
      org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer,
      String topic,
      Consumer<List<Attempt>> afterBatch) {
    this.jdbi = jdbi;
    this.consumer = consumer;
    this.topic = topic;
    this.afterBatch = afterBatch;
  }

  public AttemptConsumer start() {
    thread = Thread.ofPlatform().name("registry-attempts").daemon().start(this::run);
    return this;
  }

  private void run() {
    try {
      consumer.subscribe(Set.of(topic));
      while (running) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
        if (!records.isEmpty()) {
          store(records);
        }
        lag = currentLag();
      }
    } catch (WakeupException e) {
      if (running) {
        died("woken up while running", e);
      }
    } catch (RuntimeException e) {
      died(e.toString(), e);
    } finally {
      if (running && failure == null) {
        failure = "the attempt consumer reading " + topic + " died";
        log.error("{}; restart the registry", failure);
      }
      consumer.close();
    }
  }

  private void died(String cause, Exception e) {
    failure = "the attempt consumer reading " + topic + " died: " + cause;
    log.error("{}; restart the registry", failure, e);
  }

  /**
   * FAILED with the cause once the thread died; STARTING (not ready, but it recovers by itself)
   * while the last batch could not be stored (the database is unreachable, say); READY otherwise,
   * and once closed.
   */
  public Health health() {
    String f = failure;
    if (f != null) {
      return Health.failed(f);
    }
    String s = stalled;
    return s == null ? Health.ready() : Health.starting(s);
  }

  /**
   * Records on the attempts topic not read yet, summed over this consumer's partitions, as of its
   * last poll (0 before the first fetch). The attempt log, auto-disable and recover are this far
   * behind the workers.
   */
  public long lag() {
    return lag;
  }

  private long currentLag() {
    long sum = 0;
    for (TopicPartition tp : consumer.assignment()) {
      sum += consumer.currentLag(tp).orElse(0);
    }
    return sum;
  }

  private void store(ConsumerRecords<byte[], byte[]> records) {
    List<Attempt> batch = new ArrayList<>(records.count());
    Map<TopicPartition, Long> first = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      first.putIfAbsent(new TopicPartition(r.topic(), r.partition()), r.offset());
      try {
        batch.add(Attempt.reported(AttemptRecordCodec.decode(r.value())));
      } catch (IllegalArgumentException e) {
        log.warn(
            "skipping {}-{}@{}: not an attempt record: {}",
            r.topic(),
            r.partition(),
            r.offset(),
            e.getMessage());
      }
    }
    try {
      int inserted = jdbi.inTransaction(h -> AttemptTable.insert(h, batch));
      consumer.commitSync();
      stalled = null;
      log.debug("attempt log: {} of {} records stored", inserted, batch.size());
    } catch (RuntimeException e) {
      stalled =
          "the attempt log cannot store records read from "
              + topic
              + " ("
              + e.getClass().getSimpleName()
              + "); retrying every "
              + RETRY_AFTER.toSeconds()
              + " s";
      log.warn(
          "storing {} attempt records failed; reading them again in {}: {}",
          batch.size(),
          RETRY_AFTER,
          e.toString());
      first.forEach(consumer::seek);
      pause();
      return;
    }
    try {
      afterBatch.accept(batch);
    } catch (RuntimeException e) {
      log.error("reacting to {} stored attempt records failed (they are logged)", batch.size(), e);
    }
  }

  private void pause() {
    try {
      Thread.sleep(RETRY_AFTER);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    if (thread != null) {
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
