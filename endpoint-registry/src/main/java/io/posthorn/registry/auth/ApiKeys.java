package io.posthorn.registry.auth;

import io.posthorn.registry.RegistryException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * API keys: {@code phk_} + 32 random bytes (base64url), shown once when issued. Only the SHA-256 of
 * the whole key is stored: with 256 random bits a fast hash is enough (nothing to brute-force), and
 * it lets a request find its key with one indexed lookup. A key is scoped to one tenant, or is an
 * admin key ({@code tenant_id} NULL). Revoked keys stop working at once.
 */
public final class ApiKeys {
  static final String PREFIX = "phk_";

  /** Ids of bootstrap keys start with this; issued keys are {@code key_} + 16 hex digits. */
  static final String BOOTSTRAP_ID = "key_admin_";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Jdbi jdbi;

  public ApiKeys(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** A key as issued: {@code key} is the only time the secret part is visible. */
  public record Issued(
      String id, String key, String tenantId, String description, Instant createdAt) {
    @Override
    public String toString() {
      return "Issued[" + id + (tenantId == null ? " admin" : " tenant " + tenantId) + "]";
    }
  }

  /** A stored key, without its secret. */
  public record Listed(
      String id,
      String prefix,
      String tenantId,
      String description,
      Instant createdAt,
      Instant revokedAt) {}

  /**
   * Issues a key for {@code tenantId} ({@code null}: an admin key) inside the caller's transaction.
   */
  public Issued issue(Handle h, String tenantId, String description, Instant now) {
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    String key = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    String id = "key_" + HexFormat.of().formatHex(randomBytes(8));
    insert(h, id, key, tenantId, description, now);
    return new Issued(id, key, tenantId, description, now);
  }

  /**
   * Makes {@code key} the one bootstrap admin key ({@code registry.admin-key}; empty: none): a
   * previous bootstrap key that differs is revoked, so changing the setting replaces the key
   * instead of adding one. A bootstrap key revoked through the API stays revoked. Idempotent;
   * returns how many previous bootstrap keys were revoked.
   */
  public int replaceBootstrapAdmin(Optional<String> key, Instant now) {
    return jdbi.inTransaction(
        h -> {
          byte[] hash = key.map(ApiKeys::hash).orElse(new byte[0]);
          int revoked =
              h.createUpdate(
                      "UPDATE posthorn_registry.api_keys SET revoked_at = :now"
                          + " WHERE starts_with(id, :bootstrap) AND tenant_id IS NULL AND revoked_at IS NULL AND key_hash <> :hash")
                  .bind("now", now)
                  .bind("bootstrap", BOOTSTRAP_ID)
                  .bind("hash", hash)
                  .execute();
          key.ifPresent(
              k ->
                  h.createUpdate(
                          "INSERT INTO posthorn_registry.api_keys"
                              + " (id, key_hash, key_prefix, tenant_id, description, created_at)"
                              + " VALUES (:id, :hash, :prefix, NULL, 'bootstrap admin key (registry.admin-key)', :now)"
                              + " ON CONFLICT (key_hash) DO NOTHING")
                      .bind("id", BOOTSTRAP_ID + HexFormat.of().formatHex(hash, 0, 6))
                      .bind("hash", hash)
                      .bind("prefix", prefix(k))
                      .bind("now", now)
                      .execute());
          return revoked;
        });
  }

  /** The caller this key stands for; empty when it is unknown or revoked. */
  public Optional<Caller> authenticate(String key) {
    if (key == null || key.isEmpty() || key.length() > 200) {
      return Optional.empty();
    }
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT id, tenant_id FROM posthorn_registry.api_keys WHERE key_hash = :hash AND revoked_at IS NULL")
                .bind("hash", hash(key))
                .map(
                    (rs, ctx) ->
                        rs.getString("tenant_id") == null
                            ? (Caller) new Caller.Admin(rs.getString("id"))
                            : new Caller.Tenant(rs.getString("tenant_id"), rs.getString("id")))
                .findOne());
  }

  public List<Listed> list() {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT id, key_prefix, tenant_id, description, created_at, revoked_at"
                        + " FROM posthorn_registry.api_keys ORDER BY created_at, id")
                .map(
                    (rs, ctx) ->
                        new Listed(
                            rs.getString("id"),
                            rs.getString("key_prefix"),
                            rs.getString("tenant_id"),
                            rs.getString("description"),
                            rs.getTimestamp("created_at").toInstant(),
                            rs.getTimestamp("revoked_at") == null
                                ? null
                                : rs.getTimestamp("revoked_at").toInstant()))
                .list());
  }

  /** Revokes a key; false when there is no such unrevoked key. */
  public boolean revoke(String id, Instant now) {
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE posthorn_registry.api_keys SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL")
                    .bind("id", id)
                    .bind("now", now)
                    .execute())
        == 1;
  }

  private static void insert(
      Handle h, String id, String key, String tenantId, String description, Instant now) {
    h.createUpdate(
            "INSERT INTO posthorn_registry.api_keys"
                + " (id, key_hash, key_prefix, tenant_id, description, created_at)"
                + " VALUES (:id, :hash, :prefix, :tenant, :description, :now)")
        .bind("id", id)
        .bind("hash", hash(key))
        .bind("prefix", prefix(key))
        .bind("tenant", tenantId)
        .bind("description", description)
        .bind("now", now)
        .execute();
  }

  private static String prefix(String key) {
    return key.substring(0, Math.min(12, key.length()));
  }

  static byte[] hash(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new RegistryException("SHA-256 is required of every JRE", e);
    }
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }
}
