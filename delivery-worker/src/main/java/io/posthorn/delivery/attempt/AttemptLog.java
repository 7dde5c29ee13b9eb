package io.posthorn.delivery.attempt;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
  private static final ObjectMapper JSON = new ObjectMapper();

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

  public static byte[] encode(AttemptRecord a) {
    ObjectNode n = JSON.createObjectNode();
    n.put("eventId", a.eventId());
    n.put("eventType", a.eventType());
    n.put("endpointId", a.endpointId());
    n.put("tenantId", a.tenantId());
    n.put("attempt", a.attempt());
    n.put("startedAt", a.startedAt().toString());
    n.put("durationMs", a.duration().toMillis());
    n.put("outcome", a.outcome());
    n.put("status", a.status());
    n.put("error", a.error());
    n.put("responseSnippet", a.responseSnippet());
    n.put("disableRequested", a.disableRequested());
    ObjectNode origin = n.putObject("origin");
    origin.put("topic", a.origin().topic());
    origin.put("partition", a.origin().partition());
    origin.put("offset", a.origin().offset());
    return n.toString().getBytes(StandardCharsets.UTF_8);
  }
}
