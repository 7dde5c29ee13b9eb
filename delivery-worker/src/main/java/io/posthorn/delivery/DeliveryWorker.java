package io.posthorn.delivery;

import io.posthorn.delivery.dispatch.HttpDispatcher;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes events and POSTs each, signed, to every configured endpoint: the delivery worker.
 *
 * <p>Offsets are committed only up to the lowest record whose deliveries have all ended, so every
 * event reaches every endpoint at least once through a crash or rebalance; a redelivery carries the
 * same {@code webhook-id}. Workers with the same group id share the partitions.
 */
public final class DeliveryWorker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

  private final WorkerConfig config;
  private final HttpDispatcher dispatcher;
  private final ConsumeLoop loop;
  private final Thread thread;

  private DeliveryWorker(WorkerConfig config, HttpDispatcher dispatcher, ConsumeLoop loop) {
    this.config = config;
    this.dispatcher = dispatcher;
    this.loop = loop;
    this.thread = Thread.ofPlatform().name("delivery-worker-" + config.groupId()).unstarted(loop);
  }

  /** Wires a worker; {@code clock} stamps {@code webhook-timestamp}. Call {@link #start()} next. */
  public static DeliveryWorker create(WorkerConfig config, Clock clock, DeliveryListener listener) {
    DeliveryListener listeners = DeliveryListener.all(new LoggingDeliveryListener(), listener);
    HttpDispatcher dispatcher =
        new HttpDispatcher(config.requestTimeout(), config.maxInFlight(), Executors.newVirtualThreadPerTaskExecutor(),
            clock);
    OffsetTracker offsets = new OffsetTracker();
    FanOut fanOut = new FanOut(config.endpoints(), dispatcher, offsets, listeners);
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(consumerProperties(config), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    return new DeliveryWorker(config, dispatcher, new ConsumeLoop(consumer, config, fanOut, offsets, listeners));
  }

  private static Map<String, Object> consumerProperties(WorkerConfig config) {
    return Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, config.groupId(),
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        // A new group starts at the oldest retained event: nothing published before it is skipped.
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxPollRecords(),
        ConsumerConfig.CLIENT_ID_CONFIG, "posthorn-worker-" + ProcessHandle.current().pid());
  }

  public DeliveryWorker start() {
    log.info("starting worker: group {}, topic {}, {} endpoint(s)", config.groupId(), config.eventsTopic(),
        config.endpoints().size());
    thread.start();
    return this;
  }

  /** Stops polling, commits what has finished, and cancels deliveries still on the wire. */
  @Override
  public void close() {
    loop.stop();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      dispatcher.close();
    }
  }
}
