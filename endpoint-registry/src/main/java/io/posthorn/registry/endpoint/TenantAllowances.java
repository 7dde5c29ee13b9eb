package io.posthorn.registry.endpoint;

import io.posthorn.registry.InvalidInputException;
import io.posthorn.registry.auth.Tenants;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * What the registry's own settings and an endpoint's tenant allow together: plain {@code http} URLs
 * and private networks ({@code registry.network.allow-http}, {@code
 * registry.network.allow-private}, or the tenant's allowances). Endpoint and token URLs are judged
 * with it when they are written, and the endpoint's document tells the workers what it allows.
 */
final class TenantAllowances {
  private final Tenants tenants;
  private final boolean allowHttp;
  private final boolean allowPrivate;

  TenantAllowances(Tenants tenants, boolean allowHttp, boolean allowPrivate) {
    this.tenants = tenants;
    this.allowHttp = allowHttp;
    this.allowPrivate = allowPrivate;
  }

  /** Refuses {@code url}, naming {@code url}, unless the policy with these allowances takes it. */
  void checkUrl(Handle h, String tenantId, String url) {
    Optional<Tenants.Tenant> tenant =
        tenantId == null ? Optional.empty() : tenants.findForShare(h, tenantId);
    UrlPolicy.check(
        url,
        allowHttp || tenant.map(Tenants.Tenant::allowHttp).orElse(false),
        allowPrivate || tenant.map(Tenants.Tenant::allowPrivateNetworks).orElse(false));
  }

  /**
   * The token URL is judged like the endpoint's own URL, and refused naming {@code oauth.tokenUrl}.
   */
  void checkTokenUrl(Handle h, String tenantId, EndpointOAuth oauth) {
    if (oauth == null) {
      return;
    }
    try {
      checkUrl(h, tenantId, oauth.tokenUrl());
    } catch (InvalidInputException e) {
      throw new InvalidInputException(
          "oauth.tokenUrl", "oauth.tokenUrl" + e.getMessage().replaceFirst("^url", ""));
    }
  }

  /**
   * Whether deliveries of this tenant's endpoints (or a global one's) may go to private networks.
   */
  boolean privateAllowed(Handle h, String tenantId) {
    return allowPrivate
        || tenantId != null
            && tenants
                .findForShare(h, tenantId)
                .map(Tenants.Tenant::allowPrivateNetworks)
                .orElse(false);
  }
}
