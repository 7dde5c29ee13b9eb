package io.posthorn.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import io.posthorn.inbound.verify.InboundRequest;
import io.posthorn.schema.connection.Provider;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The kind a request names, the last part of its event type ({@code inbound.github.push}): where
 * each provider says what happened, made to fit the event type naming rule (lower case, segments
 * starting with a letter). A request that names none is of kind {@value #UNKNOWN}.
 */
final class EventKinds {
  static final String UNKNOWN = "unknown";
  private static final int MAX_KIND = 100;

  private EventKinds() {}

  static String of(Provider provider, InboundRequest request, JsonNode body) {
    String raw =
        switch (provider) {
          case GITHUB -> request.header("X-GitHub-Event").orElse(null);
          case STRIPE, STANDARD_WEBHOOKS -> text(body, "type");
          case SLACK ->
              "event_callback".equals(text(body, "type"))
                  ? text(body.path("event"), "type")
                  : text(body, "type");
          case JIRA -> {
            String event = text(body, "webhookEvent");
            yield event == null ? null : event.substring(event.indexOf(':') + 1);
          }
          case HMAC -> {
            String type = text(body, "type");
            yield type != null ? type : text(body, "event");
          }
        };
    return fit(raw);
  }

  /** {@code Payment_Intent.Succeeded!} → {@code payment_intent.succeeded_}. */
  static String fit(String raw) {
    if (raw == null || raw.isBlank()) {
      return UNKNOWN;
    }
    String lower = raw.strip().toLowerCase(Locale.ROOT);
    if (lower.length() > MAX_KIND) {
      lower = lower.substring(0, MAX_KIND);
    }
    List<String> segments = new ArrayList<>();
    for (String segment : lower.split("\\.")) {
      String s = segment.replaceAll("[^a-z0-9_]", "_");
      if (s.isEmpty()) {
        continue;
      }
      segments.add(Character.isLetter(s.charAt(0)) ? s : "x" + s);
    }
    return segments.isEmpty() ? UNKNOWN : String.join(".", segments);
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v != null && v.isTextual() ? v.asText() : null;
  }
}
