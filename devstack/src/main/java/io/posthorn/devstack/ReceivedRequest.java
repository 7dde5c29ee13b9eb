package io.posthorn.devstack;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP request as the {@link RecordingReceiver} saw it.
 *
 * @param headers header names lowercased; values in arrival order
 */
public record ReceivedRequest(
    String method,
    String path,
    Map<String, List<String>> headers,
    byte[] body,
    Instant receivedAt) {

  /** The first value of a header (name case-insensitive), or {@code null}. */
  public String header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
