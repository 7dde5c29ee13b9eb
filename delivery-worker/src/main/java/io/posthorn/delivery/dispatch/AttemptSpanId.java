package io.posthorn.delivery.dispatch;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The span id an attempt's outgoing {@code traceparent} names: fresh for every request sent (so a
 * request sent again after a rebalance is told apart), and, when a tracer records the attempt as a
 * span, that span's id. The tracer {@link #offer}s its span id in {@code
 * DeliveryListener.attemptStarted}, which runs on the thread that then calls {@link
 * HttpDispatcher#dispatch} for the same request; the dispatcher {@link #take}s it there (ops'
 * tracing does this: decision 0034). No tracing code in the dispatcher.
 */
public final class AttemptSpanId {
  private static final ThreadLocal<Offer> OFFERED = new ThreadLocal<>();

  private record Offer(DeliveryRequest request, String spanId) {}

  private AttemptSpanId() {}

  /**
   * The {@code traceparent} of {@code request}, if this thread dispatches it next, names {@code
   * spanId} (16 lowercase hex digits, not all zero).
   */
  public static void offer(DeliveryRequest request, String spanId) {
    OFFERED.set(new Offer(request, spanId));
  }

  /**
   * The span id for {@code request}'s {@code traceparent}: the one offered for this very request on
   * this thread, else a fresh random one.
   */
  public static String take(DeliveryRequest request) {
    Offer offer = OFFERED.get();
    OFFERED.remove();
    if (offer != null && offer.request() == request) {
      return offer.spanId();
    }
    return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong() | 1L);
  }
}
