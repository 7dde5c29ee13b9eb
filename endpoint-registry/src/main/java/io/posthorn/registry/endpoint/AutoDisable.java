package io.posthorn.registry.endpoint;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Disables endpoints from the attempt log: one whose newest attempt asked to stop ({@code 410 Gone}
 * or {@code webhook-delivery: disable}), or that has failed with no success for {@code
 * registry.auto-disable.after}. Only attempts since the endpoint last changed count (a re-enabled
 * or edited endpoint gets a fresh window). The disable goes through {@link
 * EndpointChanges#setEnabled(Handle, EndpointRow, boolean, String)}, the disable route's path: the
 * feed row reaches the workers and {@code posthorn.endpoint.disabled} is written to the outbox, in
 * one transaction. The rule is checked again under the endpoint's row lock, so concurrent checks
 * disable (and announce) it once. Each disable is reported to {@code disabled} with its endpoint id
 * and a one-word reason: {@code gone}, {@code asked} or {@code failing}. Thread-safe.
 */
public final class AutoDisable {
  private static final Logger log = LoggerFactory.getLogger(AutoDisable.class);
  private static final String A = "posthorn_registry.attempts";

  private final Jdbi jdbi;
  private final EndpointChanges changes;
  private final Duration after;
  private final Clock clock;
  private final BiConsumer<String, String> disabled;

  public AutoDisable(Jdbi jdbi, EndpointChanges changes, Duration after, Clock clock) {
    this(jdbi, changes, after, clock, (id, reason) -> {});
  }

  /**
   * @param disabled told of each endpoint disabled here: its id and the reason's word
   */
  public AutoDisable(
      Jdbi jdbi,
      EndpointChanges changes,
      Duration after,
      Clock clock,
      BiConsumer<String, String> disabled) {
    this.jdbi = jdbi;
    this.changes = changes;
    this.after = after;
    this.clock = clock;
    this.disabled = disabled;
  }

  /** Checks these endpoints (those in a batch of attempts just logged). */
  public void check(Collection<String> endpointIds) {
    endpointIds.stream().distinct().forEach(this::disableIfDue);
  }

  /**
   * Checks every enabled endpoint that has failed since it last changed (the failing window may
   * have passed).
   */
  public void sweep() {
    List<String> failing =
        jdbi.withHandle(
            h ->
                h.createQuery(
                        "SELECT e.id FROM posthorn_registry.endpoints e"
                            + " WHERE e.enabled AND EXISTS (SELECT 1 FROM "
                            + A
                            + " a WHERE a.endpoint_id = e.id"
                            + " AND a.started_at >= e.updated_at AND a.outcome <> 'delivered')")
                    .mapTo(String.class)
                    .list());
    check(failing);
  }

  private void disableIfDue(String id) {
    jdbi.useTransaction(
        h ->
            Endpoints.find(h, id, null)
                .filter(EndpointRow::enabled)
                .ifPresent(
                    row ->
                        reason(h, row)
                            .ifPresent(
                                reason -> {
                                  changes.setEnabled(h, row, false, reason.text());
                                  log.warn(
                                      "endpoint {} disabled automatically: {}", id, reason.text());
                                  disabled.accept(id, reason.word());
                                })));
  }

  /** Why an endpoint is disabled: a word for meters and the sentence for the endpoint and log. */
  private record Reason(String word, String text) {}

  /** Why the endpoint should be disabled now, judged from its attempts since it last changed. */
  private Optional<Reason> reason(Handle h, EndpointRow row) {
    Instant now = clock.instant();
    return h.createQuery(
            "SELECT (SELECT CASE WHEN disable_requested THEN status END FROM "
                + A
                + " WHERE endpoint_id = :id AND started_at >= :changed ORDER BY started_at DESC, id DESC LIMIT 1) AS asked,"
                + " (SELECT min(started_at) FROM "
                + A
                + " f WHERE f.endpoint_id = :id AND f.started_at >= :changed"
                + " AND f.outcome <> 'delivered' AND NOT EXISTS (SELECT 1 FROM "
                + A
                + " d WHERE d.endpoint_id = :id"
                + " AND d.outcome = 'delivered' AND d.started_at >= f.started_at)) AS failing_since")
        .bind("id", row.id())
        .bind("changed", row.updatedAt())
        .map(
            (rs, ctx) -> {
              Integer asked = (Integer) rs.getObject("asked");
              java.sql.Timestamp failingSince = rs.getTimestamp("failing_since");
              if (asked != null) {
                return Optional.of(
                    asked == 410
                        ? new Reason("gone", "the endpoint answered 410 Gone")
                        : new Reason(
                            "asked", "the endpoint asked to stop (webhook-delivery: disable)"));
              }
              if (failingSince != null && !failingSince.toInstant().plus(after).isAfter(now)) {
                return Optional.of(
                    new Reason(
                        "failing",
                        "every attempt failed for "
                            + after.toString().substring(2).toLowerCase(java.util.Locale.ROOT)
                            + " (since "
                            + failingSince.toInstant()
                            + ") with no success"));
              }
              return Optional.<Reason>empty();
            })
        .one();
  }
}
