package io.posthorn.registry.auth;

import io.posthorn.registry.ForbiddenException;
import io.posthorn.registry.InvalidInputException;
import io.posthorn.registry.NotFoundException;
import io.posthorn.registry.http.ApiRequest;
import io.posthorn.registry.http.JsonInput;
import io.posthorn.registry.http.Reply;
import io.posthorn.registry.http.Route;
import java.time.Clock;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * Tenants and API keys: {@code PUT/GET /v1/tenants/{tenantId}}, {@code POST/GET /v1/api-keys},
 * {@code DELETE /v1/api-keys/{keyId}}. Issuing and revoking keys and changing a tenant need an
 * admin key; a tenant's key may read its own tenant only.
 */
public final class AccessRoutes {
  static final int MAX_KEY_DESCRIPTION = 200;

  /** {@code GET /v1/api-keys}: every key, without its secret ({@code KeyList}). */
  record KeyList(List<ApiKeys.Listed> data) {}

  private final Jdbi jdbi;
  private final ApiKeys keys;
  private final Tenants tenants;
  private final Tenants.Change tenantChange;
  private final Clock clock;

  /**
   * @param tenantChange runs a tenant change with its endpoints' republishing, in one transaction
   */
  public AccessRoutes(
      Jdbi jdbi, ApiKeys keys, Tenants tenants, Tenants.Change tenantChange, Clock clock) {
    this.jdbi = jdbi;
    this.keys = keys;
    this.tenants = tenants;
    this.tenantChange = tenantChange;
    this.clock = clock;
  }

  public List<Route> routes() {
    return List.of(
        new Route("PUT", "/v1/tenants/{tenantId}", this::putTenant).withBody(),
        new Route("GET", "/v1/tenants/{tenantId}", this::getTenant),
        new Route("POST", "/v1/api-keys", this::issueKey).withBody(),
        new Route("GET", "/v1/api-keys", this::listKeys),
        new Route("DELETE", "/v1/api-keys/{keyId}", this::revokeKey));
  }

  private Reply putTenant(ApiRequest r) {
    requireAdmin(r, "changing a tenant");
    String id = Tenants.checkId(r.path("tenantId"), "tenantId");
    JsonInput in = r.jsonOrEmpty();
    boolean http = in.optionalBoolean("allowHttp").orElse(false);
    boolean priv = in.optionalBoolean("allowPrivateNetworks").orElse(false);
    in.rejectUnknown();
    return Reply.ok(tenants.put(id, http, priv, clock.instant(), tenantChange));
  }

  private Reply getTenant(ApiRequest r) {
    String id = r.path("tenantId");
    return tenants
        .find(id)
        .filter(t -> r.caller().sees(t.id()))
        .map(Reply::ok)
        .orElseThrow(() -> new NotFoundException("tenantId", "no tenant " + id));
  }

  private Reply issueKey(ApiRequest r) {
    requireAdmin(r, "issuing API keys");
    JsonInput in = r.json();
    if (!in.has("tenantId")) {
      throw new InvalidInputException(
          "tenantId", "tenantId is required: a tenant id, or null for an admin key");
    }
    String tenant =
        in.optionalText("tenantId", 100).map(t -> Tenants.checkId(t, "tenantId")).orElse(null);
    String description = in.optionalText("description", MAX_KEY_DESCRIPTION).orElse("");
    in.rejectUnknown();
    ApiKeys.Issued issued =
        jdbi.inTransaction(
            h -> {
              if (tenant != null) {
                tenants.ensure(h, tenant, clock.instant());
              }
              return keys.issue(h, tenant, description, clock.instant());
            });
    return Reply.created(issued);
  }

  private Reply listKeys(ApiRequest r) {
    requireAdmin(r, "listing API keys");
    return Reply.ok(new KeyList(keys.list()));
  }

  private Reply revokeKey(ApiRequest r) {
    requireAdmin(r, "revoking API keys");
    if (!keys.revoke(r.path("keyId"), clock.instant())) {
      throw new NotFoundException("keyId", "no unrevoked API key " + r.path("keyId"));
    }
    return Reply.noContent();
  }

  private static void requireAdmin(ApiRequest r, String what) {
    if (!r.caller().isAdmin()) {
      throw ForbiddenException.adminOnly(what);
    }
  }
}
