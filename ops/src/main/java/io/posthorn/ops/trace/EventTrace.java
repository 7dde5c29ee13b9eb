package io.posthorn.ops.trace;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The trace an event's spans join. The outbox keeps only the trace id of the product service's
 * {@code traceparent}, not its span id, so every span of one event (the relay's publish, each
 * delivery attempt, in any process) gets the same remote parent: the event's trace id and a span id
 * derived from the event id. The spans of one event are siblings under that parent, in the product
 * service's trace. An event written without a {@code traceparent} gets a trace of its own, its id
 * derived from the event id, so its spans still meet (decision 0034).
 */
final class EventTrace {
  private EventTrace() {}

  /** A context whose (remote) parent is the event's trace; {@code traceId} may be null. */
  static Context parent(String traceId, String eventId) {
    long h1 = hash(eventId, 0xcbf29ce484222325L);
    long h2 = hash(eventId, 0x84222325cbf29ce4L);
    String trace = traceId != null ? traceId.toLowerCase(Locale.ROOT) : hex(h1 | 1L) + hex(h2 | 1L);
    String span = hex(hash(eventId, h2) | 1L);
    SpanContext remote =
        SpanContext.createFromRemoteParent(
            trace, span, TraceFlags.getSampled(), TraceState.getDefault());
    return Context.root().with(Span.wrap(remote));
  }

  /** FNV-1a over the id's characters, from {@code seed}. */
  private static long hash(String id, long seed) {
    long h = seed;
    for (int i = 0; i < id.length(); i++) {
      h ^= id.charAt(i);
      h *= 0x100000001b3L;
    }
    return h;
  }

  private static String hex(long value) {
    return HexFormat.of().toHexDigits(value);
  }
}
