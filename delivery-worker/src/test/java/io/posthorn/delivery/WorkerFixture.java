package io.posthorn.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import io.posthorn.delivery.endpoint.Endpoint;
import io.posthorn.delivery.endpoint.EndpointTopicWriter;
import io.posthorn.delivery.retry.RetryLadder;
import io.posthorn.delivery.signing.SigningSecret;
import io.posthorn.delivery.signing.SigningSecretSeal;
import io.posthorn.devstack.DevStack;
import io.posthorn.devstack.RecordingReceiver;
import io.posthorn.devstack.WebhookSecrets;
import io.posthorn.schema.EventRecord;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One isolated worker on the shared stack: its own topics and group, a recording receiver, a way to
 * register endpoints (written to the endpoints topic as the registry would) and to publish events
 * as the relay would. Close it after each test.
 */
final class WorkerFixture implements AutoCloseable {
  private static final AtomicInteger SEQ = new AtomicInteger();

  final DevStack stack = DevStack.shared();
  final RecordingReceiver receiver = RecordingReceiver.start();
  final SigningSecretSeal seal =
      SigningSecretSeal.fromBase64(SigningSecretSeal.generateMasterKey());

  /** Every endpoint's secret, in the clear for the verifier. */
  final String secretText = WebhookSecrets.generate();

  final WorkerConfig config;
  final EndpointTopicWriter endpoints;
  private final KafkaProducer<byte[], byte[]> events;
  private DeliveryWorker worker;

  WorkerFixture(UnaryOperator<WorkerConfig.Builder> tune) {
    String name = "w" + SEQ.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
    config =
        tune.apply(
                WorkerConfig.builder(stack.kafka().bootstrapServers(), seal)
                    .groupId(name)
                    .eventsTopic(name + ".events")
                    .endpointsTopic(name + ".endpoints")
                    .attemptsTopic(name + ".attempts")
                    .retryTopicPrefix(name + ".retry.")
                    .deadLetterTopic(name + ".dlq")
                    .redeliveriesTopic(name + ".redeliveries")
                    .invalidTopic(name + ".invalid")
                    .retryLadder(RetryLadder.parse("1m,5m"))
                    .topicPartitions(3))
            .build();
    stack.kafka().createTopics(Map.of(config.eventsTopic(), 3));
    DeliveryWorker.createTopics(config);
    endpoints =
        new EndpointTopicWriter(stack.kafka().bootstrapServers(), config.endpointsTopic(), seal);
    events =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers()),
            new ByteArraySerializer(),
            new ByteArraySerializer());
  }

  /**
   * An enabled global endpoint for every type at {@code path} on the receiver, private network
   * allowed.
   */
  Endpoint endpoint(String id) {
    return Endpoint.simple(id, receiver.url("/" + id), SigningSecret.parse(secretText));
  }

  WorkerFixture start(DeliveryListener listener) {
    return start(listener, Clock.systemUTC());
  }

  /** Starts the worker on this clock (due times, {@code webhook-timestamp}). */
  WorkerFixture start(DeliveryListener listener, Clock clock) {
    worker = DeliveryWorker.create(config, clock, listener).start();
    return this;
  }

  /** Starts the worker with its meters in {@code registry}. */
  WorkerFixture start(DeliveryListener listener, MeterRegistry registry) {
    worker = DeliveryWorker.create(config, Clock.systemUTC(), listener, registry).start();
    return this;
  }

  /** The running worker ({@link #start} first). */
  DeliveryWorker worker() {
    return worker;
  }

  /** Publishes {@code count} untenanted events at once. */
  void publishMany(int count, String type) {
    for (int i = 0; i < count; i++) {
      events.send(record(UUID.randomUUID().toString(), type, null));
    }
    events.flush();
  }

  /** Publishes a record as is, whatever it lacks. */
  void publishRaw(ProducerRecord<byte[], byte[]> record) {
    try {
      events.send(record).get();
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException("publishing to " + record.topic(), e);
    }
  }

  /** Publishes an event as the relay does; returns its id. */
  String publish(String type, String tenant) {
    String id = UUID.randomUUID().toString();
    try {
      events.send(record(id, type, tenant)).get();
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException("publishing " + type, e);
    }
    return id;
  }

  /**
   * Publishes an untenanted event of {@code aggregate} (the record key) to {@code partition} of the
   * events topic; returns its id.
   */
  String publishAggregate(int partition, String aggregate, String type) {
    String id = UUID.randomUUID().toString();
    ProducerRecord<byte[], byte[]> r =
        EventRecord.of(
            config.eventsTopic(),
            aggregate,
            utf8("{\"id\":\"" + id + "\",\"aggregateId\":\"" + aggregate + "\"}"),
            id,
            type,
            null,
            "2026-11-21T12:00:00Z",
            null);
    publishRaw(new ProducerRecord<>(r.topic(), partition, r.key(), r.value(), r.headers()));
    return id;
  }

  private ProducerRecord<byte[], byte[]> record(String id, String type, String tenant) {
    return EventRecord.of(
        config.eventsTopic(),
        "agg-" + id.charAt(0),
        utf8("{\"id\":\"" + id + "\",\"eventType\":\"" + type + "\"}"),
        id,
        type,
        tenant,
        "2026-11-21T12:00:00Z",
        null);
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    try {
      if (worker != null) {
        worker.close();
      }
    } finally {
      events.close();
      endpoints.close();
      receiver.close();
    }
  }
}
