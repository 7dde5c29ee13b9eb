package io.posthorn.registry.attempt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AttemptRecordsTest {
  private static final String RECORD = "{\"eventId\":\"e1\",\"eventType\":\"order.created\",\"endpointId\":\"ep_1\","
      + "\"tenantId\":null,\"attempt\":2,\"startedAt\":\"2026-01-15T10:30:00.123Z\",\"durationMs\":41,"
      + "\"outcome\":\"gone\",\"status\":410,\"error\":\"HTTP 410\",\"responseSnippet\":\"bye\","
      + "\"disableRequested\":true,\"origin\":{\"topic\":\"posthorn.events\",\"partition\":3,\"offset\":99}}";

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void readsEveryFieldOfAWorkersRecord() {
    Attempt a = AttemptRecords.decode(bytes(RECORD));

    assertThat(a.eventId()).isEqualTo("e1");
    assertThat(a.tenantId()).isNull();
    assertThat(a.attempt()).isEqualTo(2);
    assertThat(a.startedAt()).isEqualTo(Instant.parse("2026-01-15T10:30:00.123Z"));
    assertThat(a.outcome()).isEqualTo("gone");
    assertThat(a.status()).isEqualTo(410);
    assertThat(a.disableRequested()).isTrue();
    assertThat(a.origin().partition()).isEqualTo(3);
    assertThat(a.origin().offset()).isEqualTo(99);
    assertThat(a.delivered()).isFalse();
  }

  @Test
  void refusesRecordsNamingTheField() {
    assertThatThrownBy(() -> AttemptRecords.decode(bytes("[1]"))).hasMessageContaining("JSON object");
    assertThatThrownBy(() -> AttemptRecords.decode(bytes("{oops"))).hasMessageContaining("not JSON");
    assertThatThrownBy(() -> AttemptRecords.decode(null)).hasMessageContaining("JSON object");
    assertThatThrownBy(() -> AttemptRecords.decode(bytes(RECORD.replace("\"gone\"", "\"lost\""))))
        .hasMessageContaining("outcome");
    assertThatThrownBy(() -> AttemptRecords.decode(bytes(RECORD.replace("\"eventId\":\"e1\",", ""))))
        .hasMessageContaining("missing eventId");
    assertThatThrownBy(() -> AttemptRecords.decode(bytes(RECORD.replace("\"offset\":99", "\"offset\":\"x\""))))
        .hasMessageContaining("origin.offset");
    assertThatThrownBy(() -> AttemptRecords.decode(bytes(RECORD.replace(".123Z", "yesterday"))))
        .hasMessageContaining("startedAt");
  }
}
