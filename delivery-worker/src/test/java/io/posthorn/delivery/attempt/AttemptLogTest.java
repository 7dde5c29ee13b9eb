package io.posthorn.delivery.attempt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.posthorn.schema.task.DeliveryTask;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AttemptLogTest {
  @Test
  void anAttemptRecordIsOneJsonObjectWithEveryFieldAndEscapedText() throws Exception {
    AttemptRecord a = new AttemptRecord("evt_1", "order.created", "ep_1", null, 2,
        Instant.parse("2026-11-21T12:00:00.123Z"), Duration.ofMillis(42), "failed", 503, "HTTP 503",
        "{\"error\":\"down\"}\n\u0001", true, new DeliveryTask.Origin("posthorn.events", 3, 99));

    JsonNode json = new ObjectMapper().readTree(AttemptLog.encode(a));

    assertThat(json.get("eventId").asText()).isEqualTo("evt_1");
    assertThat(json.get("tenantId").isNull()).as("explicit null").isTrue();
    assertThat(json.get("attempt").asInt()).isEqualTo(2);
    assertThat(json.get("startedAt").asText()).isEqualTo("2026-11-21T12:00:00.123Z");
    assertThat(json.get("durationMs").asLong()).isEqualTo(42);
    assertThat(json.get("outcome").asText()).isEqualTo("failed");
    assertThat(json.get("status").asInt()).isEqualTo(503);
    assertThat(json.get("error").asText()).isEqualTo("HTTP 503");
    assertThat(json.get("responseSnippet").asText()).isEqualTo("{\"error\":\"down\"}\n\u0001");
    assertThat(json.get("disableRequested").asBoolean()).isTrue();
    assertThat(json.get("origin").get("topic").asText()).isEqualTo("posthorn.events");
    assertThat(json.get("origin").get("partition").asInt()).isEqualTo(3);
    assertThat(json.get("origin").get("offset").asLong()).isEqualTo(99);
  }
}
