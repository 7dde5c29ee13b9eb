package io.posthorn.delivery.endpoint;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An immutable snapshot of every known endpoint, indexed by tenant. A change produces a new table
 * (changes are rare, lookups are per event); matches are memoised per tenant and type.
 */
public final class RoutingTable {
  public static final RoutingTable EMPTY = new RoutingTable(Map.of());
  private static final String GLOBAL = "";
  private static final int MEMO_LIMIT = 10_000;

  private final Map<String, Endpoint> byId;
  private final Map<String, List<Endpoint>> byTenant = new HashMap<>();
  private final Map<String, List<Endpoint>> memo = new ConcurrentHashMap<>();

  private RoutingTable(Map<String, Endpoint> byId) {
    this.byId = byId;
    for (Endpoint e : byId.values()) {
      if (e.enabled()) {
        byTenant
            .computeIfAbsent(e.tenantId() == null ? GLOBAL : e.tenantId(), t -> new ArrayList<>())
            .add(e);
      }
    }
  }

  public static RoutingTable of(List<Endpoint> endpoints) {
    Map<String, Endpoint> byId = new HashMap<>();
    endpoints.forEach(e -> byId.put(e.id(), e));
    return new RoutingTable(Map.copyOf(byId));
  }

  /** A table with these changes applied: endpoint id → new endpoint, or {@code null} to remove. */
  public RoutingTable apply(Map<String, Endpoint> changes) {
    if (changes.isEmpty()) {
      return this;
    }
    Map<String, Endpoint> next = new HashMap<>(byId);
    changes.forEach(
        (id, e) -> {
          if (e == null) {
            next.remove(id);
          } else {
            next.put(id, e);
          }
        });
    return new RoutingTable(Map.copyOf(next));
  }

  /**
   * The enabled endpoints that receive this event: global ones, plus the tenant's own when the
   * event has a tenant ({@code null}: only global endpoints).
   */
  public List<Endpoint> match(String eventType, String tenantId) {
    String key = (tenantId == null ? GLOBAL : tenantId) + '\u0000' + eventType;
    List<Endpoint> hit = memo.get(key);
    if (hit != null) {
      return hit;
    }
    List<Endpoint> out = new ArrayList<>();
    collect(byTenant.get(GLOBAL), eventType, tenantId, out);
    if (tenantId != null && !tenantId.isEmpty()) {
      collect(byTenant.get(tenantId), eventType, tenantId, out);
    }
    List<Endpoint> result = List.copyOf(out);
    if (memo.size() < MEMO_LIMIT) {
      memo.put(key, result);
    }
    return result;
  }

  private static void collect(
      List<Endpoint> candidates, String type, String tenant, List<Endpoint> out) {
    if (candidates != null) {
      for (Endpoint e : candidates) {
        if (e.accepts(type, tenant)) {
          out.add(e);
        }
      }
    }
  }

  /** The endpoint by id, enabled or not, or {@code null} when deleted or never seen. */
  public Endpoint find(String endpointId) {
    return byId.get(endpointId);
  }

  public int size() {
    return byId.size();
  }
}
