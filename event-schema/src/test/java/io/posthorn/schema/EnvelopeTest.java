package io.posthorn.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EnvelopeTest {
  private static final UUID ID = UUID.fromString("0b6f1c9e-3f4a-4d2b-9c1e-7a8b9c0d1e2f");
  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

  @Test
  void truncatesOccurredAtToMicroseconds() {
    Envelope e = envelope("ord-42", Instant.parse("2026-01-15T10:30:00.123456789Z"), TRACE);

    assertThat(e.occurredAt()).isEqualTo(Instant.parse("2026-01-15T10:30:00.123456Z"));
  }

  @Test
  void envelopesDifferingOnlyBelowMicrosecondsAreEqual() {
    Envelope a = envelope("ord-42", Instant.parse("2026-01-15T10:30:00.123456001Z"), TRACE);
    Envelope b = envelope("ord-42", Instant.parse("2026-01-15T10:30:00.123456999Z"), TRACE);

    assertThat(a).isEqualTo(b);
  }

  @Test
  void acceptsNullTraceId() {
    assertThat(envelope("ord-42", Instant.EPOCH, null).traceId()).isNull();
  }

  @Test
  void refusesUppercaseTraceId() {
    assertThatThrownBy(() -> envelope("ord-42", Instant.EPOCH, TRACE.toUpperCase()))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("traceId '" + TRACE.toUpperCase() + "'")
        .hasMessageContaining("W3C trace id");
  }

  @Test
  void refusesShortTraceId() {
    assertThatThrownBy(() -> envelope("ord-42", Instant.EPOCH, "4bf92f3577b34da6"))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("traceId '4bf92f3577b34da6'");
  }

  @Test
  void refusesAllZeroTraceId() {
    assertThatThrownBy(() -> envelope("ord-42", Instant.EPOCH, "0".repeat(32)))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("traceId");
  }

  @Test
  void refusesBlankAggregateId() {
    assertThatThrownBy(() -> envelope("  ", Instant.EPOCH, TRACE))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage("aggregateId must be non-blank");
  }

  @Test
  void refusesBlankTenantId() {
    assertThatThrownBy(
            () ->
                new Envelope(
                    ID,
                    EventType.of("order.completed"),
                    "order",
                    "ord-42",
                    " ",
                    JsonObjectText.EMPTY,
                    JsonObjectText.EMPTY,
                    Instant.EPOCH,
                    null))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage("tenantId must be null or non-blank");
  }

  private static Envelope envelope(String aggregateId, Instant occurredAt, String traceId) {
    return new Envelope(
        ID,
        EventType.of("order.completed"),
        "order",
        aggregateId,
        "acme",
        new JsonObjectText("{\"qty\":2}"),
        JsonObjectText.EMPTY,
        occurredAt,
        traceId);
  }
}
