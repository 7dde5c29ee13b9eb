package io.posthorn.delivery.endpoint;

import io.posthorn.schema.endpoint.EndpointDocument;
import java.util.List;

/**
 * The event types an endpoint subscribed to: exact names ({@code order.completed}), prefix
 * wildcards ({@code order.*} matches {@code order.completed} and {@code order.item.added}, not
 * {@code order}) and {@code *} for every type.
 */
public record EventTypeFilter(List<String> patterns) {
  public EventTypeFilter {
    patterns = List.copyOf(patterns);
    if (patterns.isEmpty()) {
      throw new IllegalArgumentException(
          "at least one event type pattern is needed (use * for every type)");
    }
    for (String p : patterns) {
      if (!EndpointDocument.isTypePattern(p)) {
        throw new IllegalArgumentException(
            "event type pattern '" + p + "' must be an exact type, a prefix ending in .* or *");
      }
    }
  }

  public boolean matches(String eventType) {
    for (String p : patterns) {
      if (p.equals("*")
          || p.equals(eventType)
          || p.endsWith(".*") && eventType.startsWith(p.substring(0, p.length() - 1))) {
        return true;
      }
    }
    return false;
  }
}
