package io.posthorn.delivery.attempt;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes every attempt to the attempts topic as JSON, keyed by endpoint id (so one endpoint's
 * attempts stay in order). Fire-and-forget: the attempt log is for people; a record the producer
 * could not write is counted and logged, and never holds back deliveries. Thread-safe.
 */
public final class AttemptLog {
  private static final Logger log = LoggerFactory.getLogger(AttemptLog.class);
  private static final JsonFactory JSON = new JsonFactory();

  private final Producer<byte[], byte[]> producer;
  private final String topic;
  private final AtomicLong lost = new AtomicLong();

  public AttemptLog(Producer<byte[], byte[]> producer, String topic) {
    this.producer = producer;
    this.topic = topic;
  }

  public void record(AttemptRecord a) {
    producer.send(new ProducerRecord<>(topic, a.endpointId().getBytes(StandardCharsets.UTF_8), encode(a)),
        (metadata, error) -> {
          if (error != null && lost.getAndIncrement() % 1000 == 0) {
            log.warn("could not write attempt records to {} ({} so far): {}", topic, lost.get(), error.toString());
          }
        });
  }

  /** Streams the JSON (no intermediate tree: this runs once per attempt). */
  public static byte[] encode(AttemptRecord a) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + a.responseSnippet().length());
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("eventId", a.eventId());
      g.writeStringField("eventType", a.eventType());
      g.writeStringField("endpointId", a.endpointId());
      g.writeStringField("tenantId", a.tenantId());
      g.writeNumberField("attempt", a.attempt());
      g.writeStringField("startedAt", a.startedAt().toString());
      g.writeNumberField("durationMs", a.duration().toMillis());
      g.writeStringField("outcome", a.outcome());
      g.writeNumberField("status", a.status());
      g.writeStringField("error", a.error());
      g.writeStringField("responseSnippet", a.responseSnippet());
      g.writeBooleanField("disableRequested", a.disableRequested());
      g.writeObjectFieldStart("origin");
      g.writeStringField("topic", a.origin().topic());
      g.writeNumberField("partition", a.origin().partition());
      g.writeNumberField("offset", a.origin().offset());
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return out.toByteArray();
  }
}
