package io.posthorn.ops.dlq;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.posthorn.schema.task.DeliveryTask;
import java.time.Instant;

/** A dead letter as one JSON object for {@code --json}: every header, not the body. */
final class DeadLetterJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DeadLetterJson() {}

  static ObjectNode of(DeadLetter d) {
    DeliveryTask t = d.task();
    ObjectNode n =
        JSON.createObjectNode()
            .put("deadLetteredAt", d.deadLetteredAt().toString())
            .put("endpointId", t.endpointId())
            .put("eventId", t.eventId())
            .put("eventType", t.eventType())
            .put("tenantId", t.tenantId())
            .put("reason", d.reason())
            .put("attempts", t.attempts())
            .put("firstAttemptAt", text(t.firstAttemptAt()))
            .put("lastAttemptAt", text(t.lastAttemptAt()))
            .put("lastError", t.lastError())
            .put("replays", t.replays())
            .put("replayId", t.replayId())
            .put("occurredAt", t.occurredAt())
            .put("bodyBytes", t.body().length)
            .put("partition", d.partition())
            .put("offset", d.offset());
    if (t.lastStatus() >= 0) {
      n.put("lastStatus", t.lastStatus());
    } else {
      n.putNull("lastStatus");
    }
    n.putObject("origin")
        .put("topic", t.origin().topic())
        .put("partition", t.origin().partition())
        .put("offset", t.origin().offset());
    return n;
  }

  private static String text(Instant i) {
    return i == null ? null : i.toString();
  }
}
