package io.posthorn.schema.logging;

import org.slf4j.MDC;

/**
 * The log context of one piece of work: puts {@code trace_id}, {@code event_id} and {@code
 * endpoint_id} (those not null) into the SLF4J MDC of the current thread and, on {@link #close},
 * puts back what was there before, so every line logged inside carries them (the text pattern and
 * the JSON encoder print the MDC). MDC is per thread: work that hops threads (an HTTP callback)
 * opens its own context there.
 *
 * <pre>{@code
 * LogContext logContext = LogContext.open(traceId, eventId, endpointId);
 * try {
 *   ...
 * } finally {
 *   logContext.close();
 * }
 * }</pre>
 */
public final class LogContext implements AutoCloseable {
  public static final String TRACE_ID = "trace_id";
  public static final String EVENT_ID = "event_id";
  public static final String ENDPOINT_ID = "endpoint_id";

  private static final String[] KEYS = {TRACE_ID, EVENT_ID, ENDPOINT_ID};

  private final String[] previous = new String[KEYS.length];

  private LogContext(String... values) {
    for (int i = 0; i < KEYS.length; i++) {
      previous[i] = MDC.get(KEYS[i]);
      if (values[i] != null) {
        MDC.put(KEYS[i], values[i]);
      }
    }
  }

  /** Opens a context with the ids given; a null id leaves its key as it was. */
  public static LogContext open(String traceId, String eventId, String endpointId) {
    return new LogContext(traceId, eventId, endpointId);
  }

  /** Puts back the values the keys had when this context was opened. */
  @Override
  public void close() {
    for (int i = 0; i < KEYS.length; i++) {
      if (previous[i] == null) {
        MDC.remove(KEYS[i]);
      } else {
        MDC.put(KEYS[i], previous[i]);
      }
    }
  }
}
