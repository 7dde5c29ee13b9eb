package io.posthorn.ops.trace;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.posthorn.relay.RelayListener;
import io.posthorn.schema.Envelope;
import java.time.Clock;

/**
 * A span for each envelope the relay published: from the row's {@code occurred_at} (when the
 * product service wrote it) to Kafka's acknowledgement, so its length is the outbox-to-Kafka delay.
 * Continues the event's trace ({@link EventTrace}).
 */
final class RelaySpans implements RelayListener {
  static final String NAME = "posthorn.relay publish";

  private final Tracer tracer;
  private final Clock clock;

  RelaySpans(Tracer tracer, Clock clock) {
    this.tracer = tracer;
    this.clock = clock;
  }

  @Override
  public void published(Envelope envelope) {
    String eventId = envelope.id().toString();
    var builder =
        tracer
            .spanBuilder(NAME)
            .setParent(EventTrace.parent(envelope.traceId(), eventId))
            .setSpanKind(SpanKind.PRODUCER)
            .setAttribute(Attributes.EVENT_ID, eventId)
            .setAttribute(Attributes.EVENT_TYPE, envelope.eventType().name());
    if (envelope.occurredAt() != null) {
      builder.setStartTimestamp(envelope.occurredAt());
    }
    Span span = builder.startSpan();
    span.end(clock.instant());
  }
}
