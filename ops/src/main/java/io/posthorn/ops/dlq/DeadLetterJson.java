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
            .put("eventType", t.identity().eventType())
            .put("tenantId", t.identity().tenantId())
            .put("reason", d.reason())
            .put("attempts", t.history().attempts())
            .put("firstAttemptAt", text(t.history().firstAttemptAt()))
            .put("lastAttemptAt", text(t.history().lastAttemptAt()))
            .put("lastError", t.history().lastError())
            .put("parkReason", t.history().parkReason())
            .put("replays", t.schedule().replays())
            .put("replayId", t.schedule().replayId())
            .put("occurredAt", t.identity().occurredAt())
            .put("bodyBytes", t.identity().body().length)
            .put("partition", d.partition())
            .put("offset", d.offset());
    if (t.history().lastStatus() >= 0) {
      n.put("lastStatus", t.history().lastStatus());
    } else {
      n.putNull("lastStatus");
    }
    n.putObject("origin")
        .put("topic", t.identity().origin().topic())
        .put("partition", t.identity().origin().partition())
        .put("offset", t.identity().origin().offset());
    return n;
  }

  private static String text(Instant i) {
    return i == null ? null : i.toString();
  }
}
