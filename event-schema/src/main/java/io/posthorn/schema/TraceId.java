package io.posthorn.schema;

import java.util.Optional;

/** W3C Trace Context trace ids: 32 lowercase hex digits, not all zero. */
public final class TraceId {
  private static final int TRACEPARENT_LENGTH = 55; // 00-<32 hex>-<16 hex>-<2 hex>

  private TraceId() {}

  public static boolean isValid(String traceId) {
    return traceId.length() == 32 && isNonZeroHex(traceId, 0, 32);
  }

  /**
   * The trace id of a W3C {@code traceparent} header ({@code version-traceid-parentid-flags}), or
   * empty when the header is absent or invalid: Trace Context says an invalid header is ignored, as
   * if there were none, so a bad header from upstream never fails the caller's write. Versions
   * above {@code 00} are read by the {@code 00} layout, as the specification asks.
   */
  public static Optional<String> fromTraceparent(String traceparent) {
    if (traceparent == null) {
      return Optional.empty();
    }
    String h = traceparent.strip();
    boolean layout =
        h.length() >= TRACEPARENT_LENGTH
            && h.charAt(2) == '-'
            && h.charAt(35) == '-'
            && h.charAt(52) == '-'
            && isHex(h, 0, 2)
            && !h.startsWith("ff")
            && isHex(h, 53, 55)
            && isNonZeroHex(h, 3, 35)
            && isNonZeroHex(h, 36, 52);
    if (!layout) {
      return Optional.empty();
    }
    boolean length =
        h.startsWith("00")
            ? h.length() == TRACEPARENT_LENGTH
            : h.length() == TRACEPARENT_LENGTH || h.charAt(TRACEPARENT_LENGTH) == '-';
    return length ? Optional.of(h.substring(3, 35)) : Optional.empty();
  }

  private static boolean isNonZeroHex(String s, int from, int to) {
    boolean allZero = true;
    for (int i = from; i < to; i++) {
      allZero &= s.charAt(i) == '0';
    }
    return !allZero && isHex(s, from, to);
  }

  private static boolean isHex(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }
}
