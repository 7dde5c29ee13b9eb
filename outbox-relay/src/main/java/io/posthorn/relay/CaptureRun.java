package io.posthorn.relay;

import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import io.posthorn.schema.catalog.LiveCatalog;
import io.posthorn.schema.logging.LogContext;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the Debezium engine, with the producer, publisher and offset marker that belong to it.
 * A run is never restarted: the supervisor closes it and starts a new one, which reads again from
 * the last flushed offset.
 */
final class CaptureRun {
  private static final Logger log = LoggerFactory.getLogger(CaptureRun.class);

  private final RelayConfig config;
  private final Producer<byte[], byte[]> producer;
  private final OffsetMarker<RecordChangeEvent<SourceRecord>> marker;
  private final Watchdog watchdog;
  private final EnvelopePublisher publisher;
  private final CompletableFuture<Optional<Throwable>> ended = new CompletableFuture<>();
  private final DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;

  private CaptureRun(
      RelayConfig config, LiveCatalog catalog, RelayListener listener, Clock clock, int number) {
    this.config = config;
    String name = "posthorn-relay-" + config.slotName() + "-" + number;
    this.producer =
        new KafkaProducer<>(
            producerProperties(config, name), new ByteArraySerializer(), new ByteArraySerializer());
    this.marker =
        new OffsetMarker<>(
            name + "-marker",
            row -> {
              LogContext logContext = CapturedRow.logContext(row);
              try {
                switch (row) {
                  case CapturedRow.Valid valid -> listener.published(valid.envelope());
                  case CapturedRow.Invalid invalid ->
                      listener.quarantined(invalid.rowId(), invalid.reason());
                  case CapturedRow.EndpointChange change ->
                      listener.endpointPublished(change.endpointId(), change.document() == null);
                }
              } finally {
                logContext.close();
              }
            });
    this.watchdog = new Watchdog(clock, config.watchdogTimeout());
    this.publisher =
        new EnvelopePublisher(
            producer,
            config,
            new RelayRecords(
                config.eventsTopic(),
                config.invalidTopic(),
                config.endpointsTopic(),
                new CatalogRecheck(
                    catalog, clock, config.catalogWait(), listener, watchdog::holding)),
            listener,
            marker,
            watchdog);
    try {
      this.engine = engine(listener);
    } catch (RuntimeException e) {
      marker.close();
      producer.close(Duration.ZERO);
      throw e;
    }
    Thread.ofPlatform().daemon().name(name).start(engine);
  }

  private DebeziumEngine<RecordChangeEvent<SourceRecord>> engine(RelayListener listener) {
    return DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
        .using(EngineProperties.of(config))
        .notifying(publisher)
        .using(
            new DebeziumEngine.ConnectorCallback() {
              @Override
              public void pollingStarted() {
                log.info("relay streaming from slot {}", config.slotName());
                watchdog.streamingStarted();
                listener.streaming();
              }
            })
        .using(
            (success, message, error) -> {
              if (!success) {
                log.error(
                    "relay engine on slot {} stopped with an error: {}",
                    config.slotName(),
                    message,
                    error);
              }
              ended.complete(
                  success
                      ? Optional.empty()
                      : Optional.of(error == null ? new RelayException(message) : error));
            })
        .build();
  }

  /** Starts an engine on a thread of its own; {@code number} tells runs apart in thread names. */
  static CaptureRun start(
      RelayConfig config, LiveCatalog catalog, RelayListener listener, Clock clock, int number) {
    return new CaptureRun(config, catalog, listener, clock, number);
  }

  Watchdog watchdog() {
    return watchdog;
  }

  /** Why this run cannot go on: a failed ack, or the error its engine stopped with; else empty. */
  Optional<Throwable> failure() {
    Optional<Throwable> acks = marker.failure().map(Throwable.class::cast);
    return acks.isPresent() ? acks : ended.getNow(Optional.empty());
  }

  /**
   * Whether a record from the WAL got through (sent and acknowledged, or marked): the run did some
   * good.
   */
  boolean progressed() {
    return marker.progressed();
  }

  /** Batches handed to Kafka whose acks have not all come (or never will, after a failed one). */
  int unackedBatches() {
    return marker.unackedBatches();
  }

  /** The engine stopped, or a failed ack stopped the marking: the run must be replaced. */
  boolean ended() {
    return ended.isDone() || marker.failure().isPresent();
  }

  /**
   * Stops the run within {@code timeout}: no more sends, every send acknowledged and marked, the
   * engine stopped (which flushes the marked offsets), then the producer. True if all of that
   * happened in time; false if something was abandoned, which costs duplicates, never events.
   */
  boolean close(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean clean = true;
    try {
      clean = publisher.stopAccepting(left(deadline)) && marker.awaitDrained(left(deadline));
      clean &= stopEngine(deadline);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      clean = false;
    } finally {
      marker.close();
      producer.close(left(deadline));
    }
    if (marker.failure().isPresent()) {
      log.warn(
          "relay engine on slot {} stopped after a send Kafka did not acknowledge: what it sent after the"
              + " last offset flush will be sent again",
          config.slotName());
    } else if (!clean) {
      log.warn(
          "relay engine on slot {} did not stop cleanly within {}: what it sent after the last offset"
              + " flush will be sent again",
          config.slotName(),
          timeout);
    }
    return clean;
  }

  private boolean stopEngine(long deadline) throws InterruptedException {
    if (!ended.isDone()) {
      // close() blocks until the engine stopped; if the engine hangs, leave it behind on its daemon
      // thread.
      Thread.ofPlatform()
          .daemon()
          .name("posthorn-relay-" + config.slotName() + "-stop")
          .start(
              () -> {
                while (!ended.isDone()) {
                  try {
                    engine.close();
                    return;
                  } catch (
                      IllegalStateException
                          starting) { // "cannot stop while tasks are starting": try again
                    try {
                      Thread.sleep(50);
                    } catch (InterruptedException e) {
                      return;
                    }
                  } catch (IOException e) {
                    log.warn("stopping the relay engine on slot {}", config.slotName(), e);
                    return;
                  }
                }
              });
    }
    try {
      ended.get(left(deadline).toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException("the engine's end is never completed exceptionally", e);
    }
  }

  private static Duration left(long deadline) {
    return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
  }

  private static Map<String, Object> producerProperties(RelayConfig config, String clientId) {
    return Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        config.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG,
        "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
        true,
        ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
        5,
        ProducerConfig.LINGER_MS_CONFIG,
        1,
        ProducerConfig.BATCH_SIZE_CONFIG,
        128 * 1024,
        ProducerConfig.COMPRESSION_TYPE_CONFIG,
        "lz4",
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
        1024 * 1024,
        ProducerConfig.CLIENT_ID_CONFIG,
        clientId);
  }
}
