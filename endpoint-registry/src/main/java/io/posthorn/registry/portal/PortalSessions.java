package io.posthorn.registry.portal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Portal sessions in the database (so any registry instance serves them): the cookie holds a random
 * id, the table its hash, the scope, the CSRF token and the times {@link SessionTerms} judges. A
 * request that finds a live session moves its idle deadline (at most once a minute, {@link
 * #TOUCH_EVERY}); an ended one is deleted when met.
 */
final class PortalSessions {
  /**
   * A page view moves the idle deadline only when the last move is this old: most views then only
   * read, and a session may end up to this much before its idle limit.
   */
  static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

  private final Jdbi jdbi;
  private final Clock clock;
  private final SessionTerms terms;

  PortalSessions(Jdbi jdbi, Clock clock, SessionTerms terms) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.terms = terms;
  }

  /** A session begun: the cookie value (only here) and the session. */
  record Begun(String cookie, PortalSession session) {
    @Override
    public String toString() {
      return "Begun[" + session + "]";
    }
  }

  private record Row(Optional<String> tenantId, String csrf, Instant created, Instant lastSeen) {}

  Begun begin(Optional<String> tenantId) {
    Instant now = clock.instant();
    String id = Tokens.random();
    String hash = Tokens.hash(id);
    String csrf = Tokens.random();
    jdbi.useTransaction(
        h -> {
          h.createUpdate("DELETE FROM posthorn_registry.portal_sessions WHERE expires_at < :now")
              .bind("now", now)
              .execute();
          h.createUpdate(
                  "INSERT INTO posthorn_registry.portal_sessions"
                      + " (id_hash, tenant_id, csrf_token, created_at, last_seen_at, expires_at)"
                      + " VALUES (:hash, :tenant, :csrf, :now, :now, :expires)")
              .bind("hash", hash)
              .bind("tenant", tenantId.orElse(null))
              .bind("csrf", csrf)
              .bind("now", now)
              .bind("expires", terms.end(now))
              .execute();
        });
    return new Begun(id, new PortalSession(ref(hash), tenantId, csrf));
  }

  /** The live session this cookie names, its idle deadline moved; empty when none or ended. */
  Optional<PortalSession> find(String cookie) {
    if (!Tokens.wellFormed(cookie)) {
      return Optional.empty();
    }
    String hash = Tokens.hash(cookie);
    Instant now = clock.instant();
    return jdbi.inTransaction(
        h -> {
          Optional<Row> row =
              h.createQuery(
                      "SELECT tenant_id, csrf_token, created_at, last_seen_at"
                          + " FROM posthorn_registry.portal_sessions WHERE id_hash = :hash")
                  .bind("hash", hash)
                  .map(
                      (rs, ctx) ->
                          new Row(
                              Optional.ofNullable(rs.getString("tenant_id")),
                              rs.getString("csrf_token"),
                              rs.getTimestamp("created_at").toInstant(),
                              rs.getTimestamp("last_seen_at").toInstant()))
                  .findOne();
          if (row.isEmpty()) {
            return Optional.empty();
          }
          Row r = row.get();
          return switch (terms.judge(r.created(), r.lastSeen(), now)) {
            case SessionTerms.Live live -> {
              if (Duration.between(r.lastSeen(), now).compareTo(TOUCH_EVERY) >= 0) {
                h.createUpdate(
                        "UPDATE posthorn_registry.portal_sessions SET last_seen_at = :now"
                            + " WHERE id_hash = :hash")
                    .bind("now", now)
                    .bind("hash", hash)
                    .execute();
              }
              yield Optional.of(new PortalSession(ref(hash), r.tenantId(), r.csrf()));
            }
            case SessionTerms.Idle idle -> {
              delete(h, hash);
              yield Optional.empty();
            }
            case SessionTerms.Over over -> {
              delete(h, hash);
              yield Optional.empty();
            }
          };
        });
  }

  /** Ends the session this cookie names (sign out). */
  void end(String cookie) {
    if (Tokens.wellFormed(cookie)) {
      jdbi.useHandle(h -> delete(h, Tokens.hash(cookie)));
    }
  }

  private static void delete(org.jdbi.v3.core.Handle h, String hash) {
    h.createUpdate("DELETE FROM posthorn_registry.portal_sessions WHERE id_hash = :hash")
        .bind("hash", hash)
        .execute();
  }

  private static String ref(String hash) {
    return hash.substring(0, 12);
  }
}
