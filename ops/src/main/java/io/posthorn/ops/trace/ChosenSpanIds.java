package io.posthorn.ops.trace;

import io.opentelemetry.sdk.trace.IdGenerator;
import java.util.function.Supplier;

/**
 * The SDK's random ids, except for a span started inside {@link #next}: that span gets the id
 * chosen (an attempt span gets the id its webhook's {@code traceparent} names).
 */
final class ChosenSpanIds implements IdGenerator {
  private static final ThreadLocal<String> CHOSEN = new ThreadLocal<>();
  private final IdGenerator random = IdGenerator.random();

  /** Runs {@code start} (which starts one span) with {@code spanId} as the next span id. */
  static <T> T next(String spanId, Supplier<T> start) {
    CHOSEN.set(spanId);
    try {
      return start.get();
    } finally {
      CHOSEN.remove();
    }
  }

  @Override
  public String generateSpanId() {
    String chosen = CHOSEN.get();
    if (chosen != null) {
      CHOSEN.remove();
      return chosen;
    }
    return random.generateSpanId();
  }

  @Override
  public String generateTraceId() {
    return random.generateTraceId();
  }
}
