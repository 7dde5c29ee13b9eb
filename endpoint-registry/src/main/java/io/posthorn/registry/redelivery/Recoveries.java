package io.posthorn.registry.redelivery;

import io.posthorn.registry.attempt.Attempt;
import io.posthorn.registry.attempt.AttemptLog;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recover jobs: each finds the endpoint's failed deliveries since a time in the attempt log (events
 * attempted since then and never delivered to it) and sends each again, oldest first, recording its
 * progress in {@code posthorn_registry.recoveries} to poll. One job at a time, on one thread, in
 * order. A job that a stop cut short is marked failed at the next start.
 */
public final class Recoveries implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Recoveries.class);
  private static final String TABLE = "posthorn_registry.recoveries";
  private static final int PROGRESS_EVERY = 50;

  private final Jdbi jdbi;
  private final AttemptLog attempts;
  private final Redeliveries redeliveries;
  private final Clock clock;
  private final ExecutorService jobs = Executors.newSingleThreadExecutor(
      r -> Thread.ofPlatform().name("registry-recover").daemon().unstarted(r));

  public Recoveries(Jdbi jdbi, AttemptLog attempts, Redeliveries redeliveries, Clock clock) {
    this.jdbi = jdbi;
    this.attempts = attempts;
    this.redeliveries = redeliveries;
    this.clock = clock;
    int cut = jdbi.withHandle(h -> h.createUpdate("UPDATE " + TABLE + " SET state = 'failed', finished_at = :now,"
        + " error = 'the registry stopped during the recovery; start it again' WHERE state = 'running'")
        .bind("now", clock.instant()).execute());
    if (cut > 0) {
      log.warn("{} recoveries were cut short by a stop and are marked failed", cut);
    }
  }

  Recovery start(String endpointId, String tenantId, Instant since) {
    String id = Redeliveries.newId("rc_");
    Instant now = clock.instant();
    jdbi.useHandle(h -> h.createUpdate("INSERT INTO " + TABLE + " (id, endpoint_id, tenant_id, since, state,"
        + " created_at) VALUES (:id, :endpointId, :tenantId, :since, 'running', :now)").bind("id", id)
        .bind("endpointId", endpointId).bind("tenantId", tenantId).bind("since", since).bind("now", now).execute());
    log.info("recovery {} of endpoint {} since {} started", id, endpointId, since);
    jobs.execute(() -> run(id, endpointId, since));
    return find(endpointId, id).orElseThrow();
  }

  Optional<Recovery> find(String endpointId, String id) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM " + TABLE + " WHERE id = :id AND endpoint_id = :e")
        .bind("id", id).bind("e", endpointId).map((rs, ctx) -> row(rs)).findOne());
  }

  private void run(String id, String endpointId, Instant since) {
    int sent = 0;
    int unavailable = 0;
    try {
      List<Attempt> failed = attempts.failedSince(endpointId, since);
      progress(id, failed.size(), 0, 0);
      for (Attempt a : failed) {
        if (redeliveries.resend(a, id).isPresent()) {
          sent++;
        } else {
          unavailable++;
        }
        if ((sent + unavailable) % PROGRESS_EVERY == 0) {
          progress(id, failed.size(), sent, unavailable);
        }
      }
      finish(id, failed.size(), sent, unavailable, "done", null);
      log.info("recovery {} of endpoint {}: {} sent again, {} no longer on the events topic", id, endpointId, sent,
          unavailable);
    } catch (RuntimeException e) {
      log.error("recovery {} of endpoint {} failed after {} sent", id, endpointId, sent, e);
      finish(id, -1, sent, unavailable, "failed", e.getMessage());
    }
  }

  private void progress(String id, int total, int sent, int unavailable) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE " + TABLE + " SET total = :total, sent = :sent,"
        + " unavailable = :unavailable WHERE id = :id").bind("id", id).bind("total", total).bind("sent", sent)
        .bind("unavailable", unavailable).execute());
  }

  private void finish(String id, int total, int sent, int unavailable, String state, String error) {
    jdbi.useHandle(h -> h.createUpdate("UPDATE " + TABLE + " SET total = CASE WHEN :total < 0 THEN total ELSE :total"
        + " END, sent = :sent, unavailable = :unavailable, state = :state, error = :error, finished_at = :now"
        + " WHERE id = :id").bind("id", id).bind("total", total).bind("sent", sent).bind("unavailable", unavailable)
        .bind("state", state).bind("error", error).bind("now", clock.instant()).execute());
  }

  private static Recovery row(ResultSet rs) throws SQLException {
    return new Recovery(rs.getString("id"), rs.getString("endpoint_id"), instant(rs.getTimestamp("since")),
        rs.getString("state"), rs.getInt("total"), rs.getInt("sent"), rs.getInt("unavailable"),
        rs.getString("error"), instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("finished_at")));
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }

  @Override
  public void close() {
    jobs.shutdownNow();
    try {
      jobs.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
