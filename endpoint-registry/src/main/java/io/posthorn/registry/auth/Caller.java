package io.posthorn.registry.auth;

/**
 * Who sent a request, from its API key. A tenant's key sees only that tenant's endpoints and
 * attempts; everything else does not exist for it (404). An admin key acts on every tenant.
 */
public sealed interface Caller {
  /** An admin key. */
  record Admin(String keyId) implements Caller {}

  /** A key scoped to one tenant. */
  record Tenant(String tenantId, String keyId) implements Caller {}

  /** The tenant to restrict queries to, or {@code null} for an admin. */
  default String scope() {
    return switch (this) {
      case Admin a -> null;
      case Tenant t -> t.tenantId();
    };
  }

  default boolean isAdmin() {
    return this instanceof Admin;
  }

  /** Whether this caller may see a resource owned by {@code tenantId} ({@code null}: global). */
  default boolean sees(String tenantId) {
    return switch (this) {
      case Admin a -> true;
      case Tenant t -> t.tenantId().equals(tenantId);
    };
  }
}
