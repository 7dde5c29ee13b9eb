package io.posthorn.delivery.endpoint;

import io.posthorn.schema.endpoint.EndpointDocument;
import java.util.List;
import java.util.Map;

/**
 * The event types an endpoint subscribed to: exact names ({@code order.completed}), prefix
 * wildcards ({@code order.*} matches {@code order.completed} and {@code order.item.added}, not
 * {@code order}) and {@code *} for every type; and, for some exact types, the schema versions it
 * accepts (decision 0047).
 *
 * @param versions accepted schema versions by exact type; a type not listed: every version
 */
public record EventTypeFilter(List<String> patterns, Map<String, List<Integer>> versions) {
  public EventTypeFilter {
    patterns = List.copyOf(patterns);
    versions = EndpointDocument.copyOfPins(versions);
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

  /** Every version of the types {@code patterns} match. */
  public EventTypeFilter(List<String> patterns) {
    this(patterns, Map.of());
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

  /**
   * Whether an event of a type this filter {@link #matches} is wanted in schema version {@code
   * schemaVersion} ({@code 0}: unknown, which no pin accepts).
   */
  public boolean acceptsVersion(String eventType, int schemaVersion) {
    List<Integer> pinned = versions.get(eventType);
    return pinned == null || pinned.contains(schemaVersion);
  }
}
