package io.posthorn.delivery.dispatch;

import java.util.HexFormat;

/**
 * The span id an attempt's outgoing {@code traceparent} names: derived from the event id, the
 * endpoint id and the attempt number, so it is fresh for each attempt and a tracer that records the
 * attempt as a span can give that span the same id (ops' tracing does: decision 0034), without
 * tracing code in the dispatcher.
 */
public final class AttemptSpanId {
  private AttemptSpanId() {}

  /** 16 lowercase hex digits, never all zero. */
  public static String of(String eventId, String endpointId, int attempt) {
    long h = 0xcbf29ce484222325L; // FNV-1a, 64 bits
    h = mix(h, eventId);
    h = mix(h ^ 0x1f, endpointId);
    h = (h ^ attempt) * 0x100000001b3L;
    h ^= h >>> 29; // spread the last multiplication into the low bits
    return HexFormat.of().toHexDigits(h == 0 ? 1 : h);
  }

  private static long mix(long h, String s) {
    for (int i = 0; i < s.length(); i++) {
      h = (h ^ s.charAt(i)) * 0x100000001b3L;
    }
    return h;
  }
}
