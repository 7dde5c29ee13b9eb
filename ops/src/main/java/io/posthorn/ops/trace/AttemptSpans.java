package io.posthorn.ops.trace;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.posthorn.delivery.DeliveryListener;
import io.posthorn.delivery.dispatch.AttemptOutcome;
import io.posthorn.delivery.dispatch.AttemptSpanId;
import io.posthorn.delivery.dispatch.DeliveryRequest;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A span for each delivery attempt, from {@link #attemptStarted} (on the consumer thread) to {@link
 * #attemptFinished} (usually on an HTTP client thread), with the endpoint id, the attempt number
 * and the status answered. Continues the event's trace ({@link EventTrace}).
 */
final class AttemptSpans implements DeliveryListener {
  static final String NAME = "posthorn.delivery attempt";

  private final Tracer tracer;
  private final Map<DeliveryRequest, Span> open =
      Collections.synchronizedMap(new IdentityHashMap<>());

  AttemptSpans(Tracer tracer) {
    this.tracer = tracer;
  }

  @Override
  public void attemptStarted(DeliveryRequest request) {
    Span span =
        tracer
            .spanBuilder(NAME)
            .setParent(EventTrace.parent(request.traceId(), request.eventId()))
            .setSpanKind(SpanKind.CLIENT)
            .setAttribute(Attributes.EVENT_ID, request.eventId())
            .setAttribute(Attributes.EVENT_TYPE, request.eventType())
            .setAttribute(Attributes.ENDPOINT_ID, request.endpoint().id())
            .setAttribute(Attributes.ATTEMPT, (long) request.attempt())
            .startSpan();
    open.put(request, span);
    AttemptSpanId.offer(request, span.getSpanContext().getSpanId());
  }

  @Override
  public void attemptFinished(DeliveryRequest request, AttemptOutcome outcome) {
    Span span = open.remove(request);
    if (span == null) {
      return;
    }
    span.setAttribute(Attributes.OUTCOME, outcome.kind());
    if (outcome.status() > 0) {
      span.setAttribute(Attributes.STATUS, (long) outcome.status());
    }
    if (!(outcome instanceof AttemptOutcome.Delivered)) {
      span.setStatus(StatusCode.ERROR);
    }
    span.end();
  }
}
