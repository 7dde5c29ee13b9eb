package io.posthorn.relay;

import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams inserts into {@code posthorn.outbox} from the WAL to Kafka: the relay.
 *
 * <p>{@link #start()} creates topics, publication and slot if missing, then runs the Debezium
 * embedded engine on a thread of its own and returns. Every row committed after {@code start()}
 * returns is published at least once: valid rows as envelopes on the events topic keyed by
 * aggregate id, invalid ones on the invalid topic with a reason header. {@link #close()} stops the
 * engine cleanly, flushing offsets, so a clean restart sends no duplicates.
 */
public final class OutboxRelay implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

  private final RelayConfig config;
  private final RelayListener listener;
  private final ExecutorService engineThread;
  private Producer<byte[], byte[]> producer;
  private DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;

  private OutboxRelay(RelayConfig config, RelayListener listener) {
    this.config = config;
    this.listener = listener;
    this.engineThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "outbox-relay-" + config.slotName()));
  }

  public static OutboxRelay create(RelayConfig config, RelayListener listener) {
    return new OutboxRelay(config, listener);
  }

  /** Prepares Kafka and Postgres, then starts streaming in the background. */
  public synchronized OutboxRelay start() {
    if (engine != null) {
      throw new IllegalStateException("relay already started");
    }
    log.info("starting relay: {}", config);
    TopicSetup.ensure(config);
    new ReplicationSetup(config).ensure();
    producer = new KafkaProducer<>(producerProperties(), new ByteArraySerializer(), new ByteArraySerializer());
    engine =
        DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
            .using(EngineProperties.of(config))
            .notifying(new EnvelopePublisher(producer, config, listener))
            .using(new DebeziumEngine.ConnectorCallback() {
              @Override
              public void pollingStarted() {
                log.info("relay streaming from slot {}", config.slotName());
                listener.streaming();
              }
            })
            .using((success, message, error) -> {
              if (success) {
                log.info("relay engine stopped: {}", message);
              } else {
                log.error("relay engine stopped with an error: {}", message, error);
              }
              listener.stopped(success ? null : error);
            })
            .build();
    engineThread.execute(engine);
    return this;
  }

  private Map<String, Object> producerProperties() {
    return Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5,
        ProducerConfig.LINGER_MS_CONFIG, 1,
        ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024,
        ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
        ProducerConfig.CLIENT_ID_CONFIG, "posthorn-relay-" + config.slotName());
  }

  /** Stops the engine (flushing offsets) and the producer; waits up to 30 s. */
  @Override
  public synchronized void close() {
    try {
      if (engine != null) {
        engine.close();
      }
    } catch (IOException e) {
      throw new RelayException("stopping the engine on slot " + config.slotName(), e);
    } finally {
      engineThread.shutdown();
      try {
        if (!engineThread.awaitTermination(30, TimeUnit.SECONDS)) {
          log.warn("relay engine on slot {} did not stop within 30 s", config.slotName());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (producer != null) {
        producer.close();
      }
    }
  }
}
