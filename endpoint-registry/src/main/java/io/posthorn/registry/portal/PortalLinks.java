package io.posthorn.registry.portal;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Portal links: a random token in a URL that opens one session, once, before it expires. The
 * database keeps only the token's hash; the link is shown once, to the admin who asked for it.
 */
final class PortalLinks {
  private final Jdbi jdbi;
  private final Clock clock;
  private final Duration ttl;

  PortalLinks(Jdbi jdbi, Clock clock, Duration ttl) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.ttl = ttl;
  }

  /** A link issued: its token (only here) and when it stops working. */
  record Issued(String token, Instant expiresAt) {
    URI url(URI base) {
      return URI.create(base.toString().replaceAll("/+$", "") + "/portal/start?token=" + token);
    }

    @Override
    public String toString() {
      return "Issued[expiresAt=" + expiresAt + "]";
    }
  }

  private record Row(String tenantId, Instant expiresAt, boolean used) {}

  /** What opening a link came to. */
  sealed interface Opened {}

  /** The link is good and is now used: start a session for this scope. */
  record Granted(Optional<String> tenantId) implements Opened {}

  /** No such link (or a malformed token). */
  record Unknown() implements Opened {}

  /** The link was opened before: each opens one session. */
  record AlreadyUsed() implements Opened {}

  /** The link's time is up. */
  record Expired() implements Opened {}

  /** A new link for {@code tenantId} ({@code empty}: an admin session); purges expired ones. */
  Issued issue(Optional<String> tenantId) {
    Instant now = clock.instant();
    String token = Tokens.random();
    Instant expires = now.plus(ttl);
    jdbi.useTransaction(
        h -> {
          h.createUpdate("DELETE FROM posthorn_registry.portal_links WHERE expires_at < :before")
              .bind("before", now.minus(Duration.ofDays(1)))
              .execute();
          h.createUpdate(
                  "INSERT INTO posthorn_registry.portal_links"
                      + " (token_hash, tenant_id, created_at, expires_at)"
                      + " VALUES (:hash, :tenant, :now, :expires)")
              .bind("hash", Tokens.hash(token))
              .bind("tenant", tenantId.orElse(null))
              .bind("now", now)
              .bind("expires", expires)
              .execute();
        });
    return new Issued(token, expires);
  }

  /** Uses the link if it is good; a link is used at most once, even by racing requests. */
  Opened open(String token) {
    if (!Tokens.wellFormed(token)) {
      return new Unknown();
    }
    Instant now = clock.instant();
    return jdbi.inTransaction(
        h -> {
          Optional<Row> row =
              h.createQuery(
                      "SELECT tenant_id, expires_at, used_at IS NOT NULL AS used"
                          + " FROM posthorn_registry.portal_links WHERE token_hash = :hash FOR UPDATE")
                  .bind("hash", Tokens.hash(token))
                  .map(
                      (rs, ctx) ->
                          new Row(
                              rs.getString("tenant_id"),
                              rs.getTimestamp("expires_at").toInstant(),
                              rs.getBoolean("used")))
                  .findOne();
          if (row.isEmpty()) {
            return new Unknown();
          }
          if (row.get().used()) {
            return new AlreadyUsed();
          }
          if (!now.isBefore(row.get().expiresAt())) {
            return new Expired();
          }
          h.createUpdate(
                  "UPDATE posthorn_registry.portal_links SET used_at = :now WHERE token_hash ="
                      + " :hash")
              .bind("now", now)
              .bind("hash", Tokens.hash(token))
              .execute();
          return new Granted(Optional.ofNullable(row.get().tenantId()));
        });
  }
}
