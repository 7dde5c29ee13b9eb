package io.posthorn.schema.attempt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posthorn.schema.task.DeliveryTask;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AttemptRecordCodecTest {
  private static final String RECORD =
      "{\"eventId\":\"e1\",\"eventType\":\"order.created\",\"endpointId\":\"ep_1\","
          + "\"tenantId\":null,\"attempt\":2,\"startedAt\":\"2026-01-15T10:30:00.123Z\",\"durationMs\":41,"
          + "\"outcome\":\"gone\",\"status\":410,\"error\":\"HTTP 410\",\"responseSnippet\":\"bye\","
          + "\"disableRequested\":true,\"origin\":{\"topic\":\"posthorn.events\",\"partition\":3,\"offset\":99}}";

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void readsEveryFieldOfAWorkersRecord() {
    AttemptRecord a = AttemptRecordCodec.decode(bytes(RECORD));

    assertThat(a.eventId()).isEqualTo("e1");
    assertThat(a.tenantId()).isNull();
    assertThat(a.attempt()).isEqualTo(2);
    assertThat(a.startedAt()).isEqualTo(Instant.parse("2026-01-15T10:30:00.123Z"));
    assertThat(a.outcome()).isEqualTo("gone");
    assertThat(a.status()).isEqualTo(410);
    assertThat(a.disableRequested()).isTrue();
    assertThat(a.origin().partition()).isEqualTo(3);
    assertThat(a.origin().offset()).isEqualTo(99);
    assertThat(a.duration()).hasMillis(41);
  }

  @Test
  void whatAWorkerWritesTheRegistryReadsBackIncludingEscapedText() {
    AttemptRecord a =
        new AttemptRecord(
            "evt_1",
            "order.created",
            "ep_1",
            null,
            2,
            Instant.parse("2026-11-21T12:00:00.123Z"),
            Duration.ofMillis(42),
            "failed",
            503,
            "HTTP 503",
            "{\"error\":\"down\"}\n\u0001",
            true,
            new DeliveryTask.Origin("posthorn.events", 3, 99),
            true);

    assertThat(AttemptRecordCodec.decode(AttemptRecordCodec.encode(a))).isEqualTo(a);
    assertThat(new String(AttemptRecordCodec.encode(a), StandardCharsets.UTF_8))
        .contains("\"tenantId\":null");
  }

  @Test
  void aRecordWithoutTheFinalMarkIsNotFinal_aMarkedOneIs() {
    AttemptRecord old = AttemptRecordCodec.decode(bytes(RECORD));
    AttemptRecord marked =
        AttemptRecordCodec.decode(
            bytes(
                RECORD.replace(
                    "\"disableRequested\":true,", "\"disableRequested\":true,\"final\":true,")));

    assertThat(old.finalAttempt()).isFalse();
    assertThat(old.finalFailure()).isFalse();
    assertThat(marked.finalAttempt()).isTrue();
    assertThat(marked.finalFailure()).isTrue();
    assertThatThrownBy(
            () ->
                AttemptRecordCodec.decode(
                    bytes(
                        RECORD.replace(
                            "\"disableRequested\":true,",
                            "\"disableRequested\":true,\"final\":\"yes\","))))
        .hasMessageContaining("final");
  }

  @Test
  void refusesRecordsNamingTheField() {
    assertThatThrownBy(() -> AttemptRecordCodec.decode(bytes("[1]")))
        .hasMessageContaining("JSON object");
    assertThatThrownBy(() -> AttemptRecordCodec.decode(bytes("{oops")))
        .hasMessageContaining("not JSON");
    assertThatThrownBy(() -> AttemptRecordCodec.decode(null)).hasMessageContaining("JSON object");
    assertThatThrownBy(
            () -> AttemptRecordCodec.decode(bytes(RECORD.replace("\"gone\"", "\"lost\""))))
        .hasMessageContaining("outcome");
    assertThatThrownBy(
            () -> AttemptRecordCodec.decode(bytes(RECORD.replace("\"eventId\":\"e1\",", ""))))
        .hasMessageContaining("missing eventId");
    assertThatThrownBy(
            () ->
                AttemptRecordCodec.decode(
                    bytes(RECORD.replace("\"offset\":99", "\"offset\":\"x\""))))
        .hasMessageContaining("origin.offset");
    assertThatThrownBy(() -> AttemptRecordCodec.decode(bytes(RECORD.replace(".123Z", "yesterday"))))
        .hasMessageContaining("startedAt");
  }
}
