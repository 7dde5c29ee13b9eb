package io.posthorn.registry.endpoint;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic URL check (decision 0046), a housekeeping chore: every enabled endpoint with no
 * attempt, no change and no check for {@code registry.url-check.idle-after} gets a {@code
 * posthorn.ping} through the workers. Its attempts reach the attempt log like any other, so a URL
 * that stopped working fails them and is disabled by the auto-disable rule (decision 0013), and a
 * {@code 410} disables it at once. The endpoints chosen are marked ({@code checked_at}) in one
 * transaction that skips rows another registry holds, so several registries on one database ping
 * each endpoint once; the pings are sent after it commits. Thread-safe.
 */
public final class UrlCheck {
  private static final Logger log = LoggerFactory.getLogger(UrlCheck.class);
  private static final int BATCH = 500;

  private final Jdbi jdbi;
  private final Pinger pinger;
  private final Duration idleAfter;
  private final Clock clock;

  public UrlCheck(Jdbi jdbi, Pinger pinger, Duration idleAfter, Clock clock) {
    this.jdbi = jdbi;
    this.pinger = pinger;
    this.idleAfter = idleAfter;
    this.clock = clock;
  }

  private record Idle(String id, String tenantId) {}

  /** Pings the idle endpoints (at most 500 a run); returns how many pings were written. */
  public int run() {
    Instant now = clock.instant();
    Instant cutoff = now.minus(idleAfter);
    List<Idle> idle =
        jdbi.inTransaction(
            h -> {
              List<Idle> found =
                  h.createQuery(
                          "SELECT e.id, e.tenant_id FROM posthorn_registry.endpoints e"
                              + " WHERE e.enabled AND e.updated_at <= :cutoff"
                              + " AND (e.checked_at IS NULL OR e.checked_at <= :cutoff)"
                              + " AND NOT EXISTS (SELECT 1 FROM posthorn_registry.attempts a"
                              + " WHERE a.endpoint_id = e.id AND a.started_at > :cutoff)"
                              + " ORDER BY e.id LIMIT :batch FOR UPDATE OF e SKIP LOCKED")
                      .bind("cutoff", cutoff)
                      .bind("batch", BATCH)
                      .map((rs, ctx) -> new Idle(rs.getString("id"), rs.getString("tenant_id")))
                      .list();
              for (Idle e : found) {
                h.createUpdate(
                        "UPDATE posthorn_registry.endpoints SET checked_at = :now WHERE id = :id")
                    .bind("now", now)
                    .bind("id", e.id())
                    .execute();
              }
              return found;
            });
    int sent = 0;
    for (Idle e : idle) {
      try {
        pinger.ping(
            e.id(), e.tenantId(), new Pinger.Ping(UUID.randomUUID(), "url check", null, now));
        sent++;
      } catch (RuntimeException ex) {
        log.warn(
            "url check: the ping to endpoint {} could not be written: {}", e.id(), ex.toString());
      }
    }
    if (!idle.isEmpty()) {
      log.info("url check: pinged {} endpoints idle since {}", sent, cutoff);
    }
    return sent;
  }
}
