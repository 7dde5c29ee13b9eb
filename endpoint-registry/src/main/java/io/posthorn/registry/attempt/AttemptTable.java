package io.posthorn.registry.attempt;

import io.posthorn.schema.attempt.AttemptRecord;
import io.posthorn.schema.task.DeliveryTask;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;

/** The attempt log table, in SQL. Methods run on the caller's handle, inside its transaction. */
final class AttemptTable {
  static final String TABLE = "posthorn_registry.attempts";
  private static final String COLUMNS =
      "id, event_id, event_type, endpoint_id, tenant_id, attempt, started_at,"
          + " duration_ms, outcome, status, error, response_snippet, disable_requested, origin_topic, origin_partition,"
          + " origin_offset, is_final";

  private AttemptTable() {}

  /**
   * Inserts the batch; an attempt already logged (same endpoint, event, number and start) is
   * skipped.
   */
  static int insert(Handle h, List<Attempt> batch) {
    PreparedBatch b =
        h.prepareBatch(
            "INSERT INTO "
                + TABLE
                + " (event_id, event_type, endpoint_id, tenant_id,"
                + " attempt, started_at, duration_ms, outcome, status, error, response_snippet, disable_requested,"
                + " origin_topic, origin_partition, origin_offset, is_final) VALUES (:eventId, :eventType, :endpointId,"
                + " :tenantId, :attempt, :startedAt, :durationMs, :outcome, :status, :error, :snippet, :disable, :topic,"
                + " :partition, :offset, :final) ON CONFLICT ON CONSTRAINT attempts_identity DO NOTHING");
    for (Attempt attempt : batch) {
      AttemptRecord a = attempt.record();
      b.bind("eventId", a.eventId())
          .bind("eventType", a.eventType())
          .bind("endpointId", a.endpointId())
          .bind("tenantId", a.tenantId())
          .bind("attempt", a.attempt())
          .bind("startedAt", a.startedAt())
          .bind("durationMs", a.duration().toMillis())
          .bind("outcome", a.outcome())
          .bind("status", a.status())
          .bind("error", a.error())
          .bind("snippet", a.responseSnippet())
          .bind("disable", a.disableRequested())
          .bind("topic", a.origin().topic())
          .bind("partition", a.origin().partition())
          .bind("offset", a.origin().offset())
          .bind("final", a.finalAttempt())
          .add();
    }
    int inserted = 0;
    for (int n : b.execute()) {
      inserted += n;
    }
    return inserted;
  }

  /**
   * A page of attempts, newest first, after the position {@code (startedAt, id)} of the previous
   * page's last one. {@code scope} is the caller's tenant: only attempts to its endpoints.
   */
  static List<Attempt> page(Handle h, AttemptQuery q, String scope, int limit) {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM " + TABLE + " a WHERE true");
    q.endpointId().ifPresent(e -> sql.append(" AND a.endpoint_id = :endpointId"));
    q.eventId().ifPresent(e -> sql.append(" AND a.event_id = :eventId"));
    q.outcome().ifPresent(o -> sql.append(" AND a.outcome = :outcome"));
    q.status().ifPresent(s -> sql.append(" AND a.status = :status"));
    q.since().ifPresent(s -> sql.append(" AND a.started_at >= :since"));
    q.until().ifPresent(u -> sql.append(" AND a.started_at < :until"));
    q.after().ifPresent(p -> sql.append(" AND (a.started_at, a.id) < (:afterTime, :afterId)"));
    if (scope != null) {
      sql.append(
          " AND EXISTS (SELECT 1 FROM posthorn_registry.endpoints e WHERE e.id = a.endpoint_id"
              + " AND e.tenant_id = :scope)");
    }
    sql.append(" ORDER BY a.started_at DESC, a.id DESC LIMIT :limit");
    Query query = h.createQuery(sql.toString()).bind("limit", limit).bind("scope", scope);
    q.endpointId().ifPresent(e -> query.bind("endpointId", e));
    q.eventId().ifPresent(e -> query.bind("eventId", e));
    q.outcome().ifPresent(o -> query.bind("outcome", o));
    q.status().ifPresent(s -> query.bind("status", s));
    q.since().ifPresent(s -> query.bind("since", s));
    q.until().ifPresent(u -> query.bind("until", u));
    q.after().ifPresent(p -> query.bind("afterTime", p.startedAt()).bind("afterId", p.id()));
    return query.map((rs, ctx) -> row(rs)).list();
  }

  /** The newest attempt to deliver {@code eventId} to {@code endpointId}. */
  static Optional<Attempt> latest(Handle h, String endpointId, String eventId) {
    return h.createQuery(
            "SELECT "
                + COLUMNS
                + " FROM "
                + TABLE
                + " WHERE endpoint_id = :endpointId"
                + " AND event_id = :eventId ORDER BY started_at DESC, id DESC LIMIT 1")
        .bind("endpointId", endpointId)
        .bind("eventId", eventId)
        .map((rs, ctx) -> row(rs))
        .findOne();
  }

  /**
   * The attempts recover sends again, as one predicate: final failures of the endpoint started in
   * {@code [since, until)}, each the newest attempt of its event to the endpoint (a later attempt,
   * such as a resend still climbing the ladder, means the event is not given up), for events never
   * delivered to it. An attempt still climbing the ladder is never final, so never chosen.
   */
  private static final String FINAL_FAILURES =
      " FROM "
          + TABLE
          + " a WHERE a.endpoint_id = :endpointId"
          + " AND a.is_final AND a.outcome <> 'delivered' AND a.started_at >= :since AND a.started_at < :until"
          + " AND NOT EXISTS (SELECT 1 FROM "
          + TABLE
          + " n WHERE n.endpoint_id = a.endpoint_id"
          + " AND n.event_id = a.event_id AND (n.started_at, n.id) > (a.started_at, a.id))"
          + " AND NOT EXISTS (SELECT 1 FROM "
          + TABLE
          + " d WHERE d.endpoint_id = a.endpoint_id"
          + " AND d.event_id = a.event_id AND d.outcome = 'delivered')";

  /**
   * A page of the endpoint's final failures (see {@link #FINAL_FAILURES}), oldest first by start
   * then row id, after {@code after} (exclusive; {@code null} from the start).
   */
  static List<Attempt> finalFailures(
      Handle h,
      String endpointId,
      Instant since,
      Instant until,
      AttemptLog.Position after,
      int limit) {
    Query q =
        h.createQuery(
                "SELECT "
                    + prefixed("a")
                    + FINAL_FAILURES
                    + (after == null ? "" : " AND (a.started_at, a.id) > (:afterTime, :afterId)")
                    + " ORDER BY a.started_at, a.id LIMIT :limit")
            .bind("endpointId", endpointId)
            .bind("since", since)
            .bind("until", until)
            .bind("limit", limit);
    if (after != null) {
      q.bind("afterTime", after.startedAt()).bind("afterId", after.id());
    }
    return q.map((rs, ctx) -> row(rs)).list();
  }

  /** How many final failures {@link #finalFailures} walks through. */
  static long countFinalFailures(Handle h, String endpointId, Instant since, Instant until) {
    return h.createQuery("SELECT count(*)" + FINAL_FAILURES)
        .bind("endpointId", endpointId)
        .bind("since", since)
        .bind("until", until)
        .mapTo(Long.class)
        .one();
  }

  private static String prefixed(String alias) {
    return alias + "." + COLUMNS.replace(", ", ", " + alias + ".");
  }

  /**
   * Success rate, last success and duration percentiles of the endpoint's attempts since {@code
   * since}.
   */
  static AttemptStats stats(Handle h, String endpointId, Instant since) {
    return h.createQuery(
            "SELECT count(*) AS total, count(*) FILTER (WHERE outcome = 'delivered') AS delivered,"
                + " percentile_disc(0.5) WITHIN GROUP (ORDER BY duration_ms) AS p50,"
                + " percentile_disc(0.99) WITHIN GROUP (ORDER BY duration_ms) AS p99,"
                + " (SELECT max(started_at) FROM "
                + TABLE
                + " WHERE endpoint_id = :endpointId"
                + " AND outcome = 'delivered') AS last_success FROM "
                + TABLE
                + " WHERE endpoint_id = :endpointId AND started_at >= :since")
        .bind("endpointId", endpointId)
        .bind("since", since)
        .map(
            (rs, ctx) ->
                new AttemptStats(
                    since,
                    rs.getLong("total"),
                    rs.getLong("delivered"),
                    instant(rs.getTimestamp("last_success")),
                    (Long) rs.getObject("p50"),
                    (Long) rs.getObject("p99")))
        .one();
  }

  /**
   * Deletes at most {@code batch} attempts that started before {@code cutoff}; returns how many.
   */
  static int purgeBatch(Handle h, Instant cutoff, int batch) {
    return h.createUpdate(
            "DELETE FROM "
                + TABLE
                + " WHERE id = ANY(ARRAY(SELECT id FROM "
                + TABLE
                + " WHERE started_at < :cutoff LIMIT :batch FOR UPDATE SKIP LOCKED))")
        .bind("cutoff", cutoff)
        .bind("batch", batch)
        .execute();
  }

  private static Attempt row(ResultSet rs) throws SQLException {
    return new Attempt(
        rs.getLong("id"),
        new AttemptRecord(
            rs.getString("event_id"),
            rs.getString("event_type"),
            rs.getString("endpoint_id"),
            rs.getString("tenant_id"),
            rs.getInt("attempt"),
            instant(rs.getTimestamp("started_at")),
            Duration.ofMillis(rs.getLong("duration_ms")),
            rs.getString("outcome"),
            rs.getInt("status"),
            rs.getString("error"),
            rs.getString("response_snippet"),
            rs.getBoolean("disable_requested"),
            new DeliveryTask.Origin(
                rs.getString("origin_topic"),
                rs.getInt("origin_partition"),
                rs.getLong("origin_offset")),
            rs.getBoolean("is_final")));
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
