package io.posthorn.registry.portal;

import io.posthorn.registry.auth.Caller;
import java.util.Optional;

/**
 * A live portal session: whose it is and the token every form it posts must carry.
 *
 * @param ref the first characters of the session id's hash: names the session in the audit log
 *     without being usable as its cookie
 * @param tenantId the tenant it sees; empty for an admin session (every tenant, global endpoints)
 */
record PortalSession(String ref, Optional<String> tenantId, String csrfToken) {

  /** The API caller the session acts as: the same scoping as a tenant's or the admin's key. */
  Caller caller() {
    return tenantId
        .<Caller>map(t -> new Caller.Tenant(t, "portal:" + ref))
        .orElseGet(() -> new Caller.Admin("portal:" + ref));
  }

  boolean admin() {
    return tenantId.isEmpty();
  }

  @Override
  public String toString() {
    return "PortalSession[" + ref + ", " + tenantId.orElse("admin") + "]";
  }
}
