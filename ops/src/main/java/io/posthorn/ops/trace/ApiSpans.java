package io.posthorn.ops.trace;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.posthorn.registry.RegistryListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A span for each request the registry's API answered, named by method and route pattern (never the
 * raw path, whose ids would make every name unique), from the request's arrival to the last byte of
 * its answer. A 5xx, or no answer at all, marks the span as an error.
 */
final class ApiSpans implements RegistryListener {
  private final Tracer tracer;
  private final Clock clock;

  ApiSpans(Tracer tracer, Clock clock) {
    this.tracer = tracer;
    this.clock = clock;
  }

  @Override
  public void requestAnswered(String method, String route, int status, Duration took) {
    Instant end = clock.instant();
    Span span =
        tracer
            .spanBuilder(method + " " + route)
            .setSpanKind(SpanKind.SERVER)
            .setStartTimestamp(end.minus(took))
            .setAttribute(Attributes.METHOD, method)
            .setAttribute(Attributes.ROUTE, route)
            .startSpan();
    if (status > 0) {
      span.setAttribute(Attributes.STATUS, (long) status);
    }
    if (status < 0 || status >= 500) {
      span.setStatus(StatusCode.ERROR);
    }
    span.end(end);
  }
}
