package io.posthorn.registry.auth;

import io.posthorn.registry.InvalidInputException;
import io.posthorn.registry.http.JsonInput;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Tenants and what their endpoints may point at: plain {@code http://} URLs, and URLs resolving to
 * loopback/private/link-local addresses (for tenants inside the network). Both off by default.
 */
public final class Tenants {
  public static final Pattern ID = Pattern.compile("^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,99}$");

  private final Jdbi jdbi;

  public Tenants(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** One tenant's settings. */
  public record Tenant(
      String id, boolean allowHttp, boolean allowPrivateNetworks, Instant createdAt) {}

  /**
   * The tenant a new resource belongs to, from the body's {@code tenantId}: an admin must say it
   * ({@code null} for none, which means {@code adminNull}); a tenant key may leave it out or name
   * its own tenant. Refused naming {@code tenantId} otherwise.
   */
  public static String requested(JsonInput in, Caller caller, String adminNull) {
    Optional<String> asked = in.optionalText("tenantId", 100);
    return switch (caller) {
      case Caller.Admin a -> {
        if (!in.has("tenantId")) {
          throw new InvalidInputException(
              "tenantId",
              "tenantId is required with an admin key: a tenant id, or null for " + adminNull);
        }
        yield asked.map(t -> checkId(t, "tenantId")).orElse(null);
      }
      case Caller.Tenant t -> {
        if (asked.isPresent() && !asked.get().equals(t.tenantId())
            || in.has("tenantId") && asked.isEmpty()) {
          throw new InvalidInputException(
              "tenantId", "tenantId must be your own tenant (" + t.tenantId() + ") or absent");
        }
        yield t.tenantId();
      }
    };
  }

  /** Returns {@code id} if it is a valid tenant id, else refuses it naming {@code field}. */
  public static String checkId(String id, String field) {
    if (!ID.matcher(id).matches()) {
      throw new InvalidInputException(
          field,
          field
              + " must be 1-100 letters, digits, '_', '.' or '-', starting with a"
              + " letter or digit");
    }
    return id;
  }

  public Optional<Tenant> find(Handle h, String id) {
    return select(h, id, "");
  }

  /**
   * The tenant, share-locked for the transaction: an endpoint change reads its allowances so, and
   * waits for a tenant change in flight (which republishes the tenant's endpoints).
   */
  public Optional<Tenant> findForShare(Handle h, String id) {
    return select(h, id, " FOR SHARE");
  }

  private static Optional<Tenant> select(Handle h, String id, String lock) {
    return h.createQuery(
            "SELECT id, allow_http, allow_private_networks, created_at FROM posthorn_registry.tenants"
                + " WHERE id = :id"
                + lock)
        .bind("id", id)
        .map(
            (rs, ctx) ->
                new Tenant(
                    rs.getString("id"),
                    rs.getBoolean("allow_http"),
                    rs.getBoolean("allow_private_networks"),
                    rs.getTimestamp("created_at").toInstant()))
        .findOne();
  }

  public Optional<Tenant> find(String id) {
    return jdbi.withHandle(h -> find(h, id));
  }

  /** Creates the tenant with both allowances off, if it does not exist yet. */
  public void ensure(Handle h, String id, Instant now) {
    h.createUpdate(
            "INSERT INTO posthorn_registry.tenants (id, created_at) VALUES (:id, :now)"
                + " ON CONFLICT (id) DO NOTHING")
        .bind("id", id)
        .bind("now", now)
        .execute();
  }

  /**
   * Runs a change to a tenant in one transaction with what depends on its allowances: its
   * endpoints' documents on the feed ({@code EndpointChanges.changeTenant}).
   */
  @FunctionalInterface
  public interface Change {
    Tenant apply(String tenantId, Function<Handle, Tenant> change);
  }

  /** Creates or changes the tenant inside {@code change}'s transaction, so its endpoints follow. */
  public Tenant put(
      String id, boolean allowHttp, boolean allowPrivateNetworks, Instant now, Change change) {
    return change.apply(
        id,
        h -> {
          h.createUpdate(
                  "INSERT INTO posthorn_registry.tenants (id, allow_http, allow_private_networks, created_at)"
                      + " VALUES (:id, :http, :private, :now) ON CONFLICT (id) DO UPDATE"
                      + " SET allow_http = :http, allow_private_networks = :private")
              .bind("id", id)
              .bind("http", allowHttp)
              .bind("private", allowPrivateNetworks)
              .bind("now", now)
              .execute();
          return find(h, id).orElseThrow();
        });
  }
}
