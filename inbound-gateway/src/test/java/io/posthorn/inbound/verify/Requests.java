package io.posthorn.inbound.verify;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds requests for the verifier tests: headers in pairs, a UTF-8 body. */
final class Requests {
  static final Instant SIGNED_AT = Instant.ofEpochSecond(1_767_225_600L); // 2026-01-01T00:00:00Z

  private Requests() {}

  static InboundRequest request(String body, String... headerPairs) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 0; i < headerPairs.length; i += 2) {
      headers.put(headerPairs[i], headerPairs[i + 1]);
    }
    return new InboundRequest(headers, body.getBytes(StandardCharsets.UTF_8));
  }
}
