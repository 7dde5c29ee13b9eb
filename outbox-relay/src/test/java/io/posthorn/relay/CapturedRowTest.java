package io.posthorn.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.posthorn.schema.Envelope;
import io.posthorn.schema.EventType;
import io.posthorn.schema.JsonObjectText;
import io.posthorn.schema.logging.LogContext;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class CapturedRowTest {
  @AfterEach
  void clear() {
    MDC.clear();
  }

  @Test
  void eachKindOfRowPutsItsOwnIdsInTheLogContextUntilClosed() {
    UUID id = UUID.randomUUID();
    Envelope envelope =
        new Envelope(
            id,
            EventType.of("order.created"),
            "order",
            "o-1",
            null,
            new JsonObjectText("{}"),
            new JsonObjectText("{}"),
            Instant.now(),
            "4bf92f3577b34da6a3ce929d0e0e4736");

    LogContext valid = CapturedRow.logContext(new CapturedRow.Valid(envelope));
    assertThat(MDC.get("trace_id")).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(MDC.get("event_id")).isEqualTo(id.toString());
    valid.close();
    assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();

    LogContext invalid = CapturedRow.logContext(new CapturedRow.Invalid("row-7", "bad", Map.of()));
    assertThat(MDC.get("event_id")).isEqualTo("row-7");
    invalid.close();

    LogContext change = CapturedRow.logContext(new CapturedRow.EndpointChange("ep_1", null));
    assertThat(MDC.get("endpoint_id")).isEqualTo("ep_1");
    assertThat(MDC.get("event_id")).isNull();
    change.close();
    assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
  }
}
