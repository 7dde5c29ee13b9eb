package io.posthorn.delivery.attempt;

import io.posthorn.schema.attempt.AttemptRecord;
import io.posthorn.schema.attempt.AttemptRecordCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes every attempt to the attempts topic as JSON, keyed by endpoint id (so one endpoint's
 * attempts stay in order). The registry acts on these records (auto-disable on 410, recover of
 * final failures), so none is dropped (docs/decisions/0020): {@link #record} returns a future that
 * completes when Kafka acknowledged the record, and the pipeline resolves the task, and so lets its
 * offset be committed, only after that. A send Kafka refuses (after the producer's own retries,
 * {@code delivery.timeout.ms}) is sent again after a backoff that doubles from {@code firstRetry}
 * to {@code maxRetry}, for as long as it takes. Only a closed producer ends it: the future fails,
 * the task stays unresolved and is delivered and recorded again after a restart.
 *
 * <p>Never blocks the caller beyond {@code Producer.send} itself; retries run on virtual threads.
 * Thread-safe.
 */
public final class AttemptPublisher {
  private static final Logger log = LoggerFactory.getLogger(AttemptPublisher.class);
  private static final Duration FIRST_RETRY = Duration.ofMillis(100);
  private static final Duration MAX_RETRY = Duration.ofSeconds(30);

  /**
   * Failed sends between two warnings: an outage fails every record, the log says so once per this
   * many.
   */
  private static final long WARN_EVERY = 1000;

  private static final Executor RETRY_THREADS =
      r -> Thread.ofVirtual().name("posthorn-attempt-log-retry").start(r);

  private final Producer<byte[], byte[]> producer;
  private final String topic;
  private final Duration firstRetry;
  private final Duration maxRetry;
  private final AtomicLong failedSends = new AtomicLong();
  private final AtomicInteger waiting = new AtomicInteger();

  public AttemptPublisher(Producer<byte[], byte[]> producer, String topic) {
    this(producer, topic, FIRST_RETRY, MAX_RETRY);
  }

  /** With the retry backoff's bounds (tests scale them down). */
  public AttemptPublisher(
      Producer<byte[], byte[]> producer, String topic, Duration firstRetry, Duration maxRetry) {
    this.producer = producer;
    this.topic = topic;
    this.firstRetry = firstRetry;
    this.maxRetry = maxRetry;
  }

  /**
   * Sends the record; the future completes once Kafka acknowledged it, retrying as long as it
   * takes, and fails only when the producer was closed first.
   */
  public CompletableFuture<Void> record(AttemptRecord a) {
    CompletableFuture<Void> acked = new CompletableFuture<>();
    send(
        new ProducerRecord<>(
            topic, a.endpointId().getBytes(StandardCharsets.UTF_8), AttemptRecordCodec.encode(a)),
        a,
        acked,
        0);
    return acked;
  }

  /** Records sent at least once and not acknowledged yet (waiting for a retry). */
  public int waiting() {
    return waiting.get();
  }

  private void send(
      ProducerRecord<byte[], byte[]> r,
      AttemptRecord a,
      CompletableFuture<Void> acked,
      int failures) {
    try {
      producer.send(
          r,
          (metadata, error) -> {
            if (error == null) {
              if (failures > 0) {
                waiting.decrementAndGet();
                log.info(
                    "attempt record of {} to {} written to {} after {} failed sends",
                    a.eventId(),
                    a.endpointId(),
                    topic,
                    failures);
              }
              acked.complete(null);
            } else {
              retry(r, a, acked, failures, error);
            }
          });
    } catch (IllegalStateException closed) {
      if (failures > 0) {
        waiting.decrementAndGet();
      }
      acked.completeExceptionally(
          new IllegalStateException(
              "the attempt record of "
                  + a.eventId()
                  + " to "
                  + a.endpointId()
                  + " was not written to "
                  + topic
                  + ": the producer is closed",
              closed));
    } catch (RuntimeException e) {
      retry(r, a, acked, failures, e);
    }
  }

  private void retry(
      ProducerRecord<byte[], byte[]> r,
      AttemptRecord a,
      CompletableFuture<Void> acked,
      int failures,
      Throwable error) {
    if (failures == 0) {
      waiting.incrementAndGet();
    }
    long failed = failedSends.incrementAndGet();
    Duration wait = backoff(failures);
    if (failed % WARN_EVERY == 1) {
      log.warn(
          "could not write attempt records to {} ({} failed sends so far, {} records waiting); each is sent"
              + " again, this one in {} ms: {}",
          topic,
          failed,
          waiting.get(),
          wait.toMillis(),
          error.toString());
    }
    // A virtual thread per retry: Producer.send may block (max.block.ms) while the cluster is away,
    // and must hold up neither the common pool nor other retries.
    CompletableFuture.delayedExecutor(wait.toMillis(), TimeUnit.MILLISECONDS, RETRY_THREADS)
        .execute(() -> send(r, a, acked, failures + 1));
  }

  /** {@code firstRetry} doubled per earlier failure, at most {@code maxRetry}. */
  Duration backoff(int failures) {
    Duration d = firstRetry;
    for (int i = 0; i < failures && d.compareTo(maxRetry) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(maxRetry) < 0 ? d : maxRetry;
  }
}
