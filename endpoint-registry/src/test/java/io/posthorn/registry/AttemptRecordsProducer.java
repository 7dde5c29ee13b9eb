package io.posthorn.registry;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Writes attempt records as a worker does (docs/delivery.md, "Attempt records and metrics"). */
final class AttemptRecordsProducer implements AutoCloseable {
  private final KafkaProducer<byte[], byte[]> producer;
  private final String topic;

  AttemptRecordsProducer(String bootstrapServers, String topic) {
    this.producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
            new ByteArraySerializer(),
            new ByteArraySerializer());
    this.topic = topic;
  }

  /** One attempt; {@code outcome} delivered answers 200, others 500 (or 410 for gone). */
  void attempt(
      String endpointId,
      String eventId,
      int attempt,
      Instant startedAt,
      long durationMs,
      String outcome,
      boolean disableRequested) {
    attempt(endpointId, eventId, attempt, startedAt, durationMs, outcome, disableRequested, false);
  }

  /** One attempt; {@code last}: the worker marked it final (nothing follows it). */
  void attempt(
      String endpointId,
      String eventId,
      int attempt,
      Instant startedAt,
      long durationMs,
      String outcome,
      boolean disableRequested,
      boolean last) {
    int status =
        switch (outcome) {
          case "delivered" -> 200;
          case "gone" -> 410;
          default -> 500;
        };
    send(
        endpointId,
        ("{\"eventId\":\""
            + eventId
            + "\",\"eventType\":\"order.created\",\"endpointId\":\""
            + endpointId
            + "\",\"tenantId\":\"acme\",\"attempt\":"
            + attempt
            + ",\"startedAt\":\""
            + startedAt
            + "\",\"durationMs\":"
            + durationMs
            + ",\"outcome\":\""
            + outcome
            + "\",\"status\":"
            + status
            + ",\"error\":"
            + (outcome.equals("delivered") ? "null" : "\"HTTP " + status + "\"")
            + ",\"responseSnippet\":\"ok\",\"disableRequested\":"
            + disableRequested
            + ",\"final\":"
            + last
            + ",\"origin\":{\"topic\":\"posthorn.events\",\"partition\":0,\"offset\":7}}"));
  }

  void send(String key, String value) {
    try {
      producer
          .send(
              new ProducerRecord<>(
                  topic,
                  key.getBytes(StandardCharsets.UTF_8),
                  value.getBytes(StandardCharsets.UTF_8)))
          .get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (ExecutionException e) {
      throw new AssertionError("producing to " + topic, e);
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
