package io.posthorn.schema;

/** W3C Trace Context trace ids: 32 lowercase hex digits, not all zero. */
public final class TraceId {
  private TraceId() {}

  public static boolean isValid(String traceId) {
    if (traceId.length() != 32) {
      return false;
    }
    boolean allZero = true;
    for (int i = 0; i < 32; i++) {
      char c = traceId.charAt(i);
      boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
      if (!hex) {
        return false;
      }
      allZero &= c == '0';
    }
    return !allZero;
  }
}
