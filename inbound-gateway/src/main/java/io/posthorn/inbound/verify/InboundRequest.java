package io.posthorn.inbound.verify;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a verifier sees of a request: its headers (names in any case; the first value of each) and
 * the raw body bytes exactly as they arrived, which are what providers sign.
 */
public record InboundRequest(Map<String, String> headers, byte[] body) {
  public InboundRequest {
    TreeMap<String, String> lower = new TreeMap<>();
    headers.forEach((k, v) -> lower.putIfAbsent(k.toLowerCase(Locale.ROOT), v));
    headers = java.util.Collections.unmodifiableMap(lower);
  }

  /** The value of header {@code name} (any case), if the request has it. */
  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
  }
}
