package io.posthorn.registry.redelivery;

import io.posthorn.registry.attempt.Attempt;
import io.posthorn.registry.attempt.AttemptLog;
import io.posthorn.schema.health.Health;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs recover jobs: walks an endpoint's final failures in the attempt log (events given up since a
 * time: their newest attempt is final and failed, docs/decisions/0019) a page at a time, oldest
 * first, and sends each again, recording its progress and position in {@code
 * posthorn_registry.recoveries} after every page. Memory stays bounded by the page.
 *
 * <p>Several registry instances may share the database. A job belongs to the instance that runs it
 * ({@code owner}), which renews a lease on its jobs every third of {@code lease}. An instance that
 * finds a running job whose lease ran out (its owner stopped or hung) takes it over and continues
 * from the saved position: the redeliveries of the page in progress may be written twice, never
 * skipped. Every progress write is fenced on the owner, so an instance that lost a job stops it. A
 * clean stop gives its leases up at once. Jobs run one at a time per instance, on one thread.
 */
public final class Recoveries implements AutoCloseable {
  /** The lease an instance holds on its running jobs. */
  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);

  static final int DEFAULT_PAGE = 100;

  private static final Logger log = LoggerFactory.getLogger(Recoveries.class);
  private static final String TABLE = "posthorn_registry.recoveries";

  private final Jdbi jdbi;
  private final AttemptLog attempts;
  private final Redeliveries redeliveries;
  private final Clock clock;
  private final String instance;
  private final Duration lease;
  private final int page;
  private final ExecutorService jobs =
      Executors.newSingleThreadExecutor(
          r -> Thread.ofPlatform().name("registry-recover").daemon().unstarted(r));
  private final ScheduledExecutorService leases =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().name("registry-recover-leases").daemon().unstarted(r));
  private volatile boolean closing;
  private volatile ScheduledFuture<?> maintenance;
  private final Consumer<String> stateChanged;

  /**
   * @param instance this registry instance's id, unique among the instances sharing the database
   */
  public Recoveries(
      Jdbi jdbi, AttemptLog attempts, Redeliveries redeliveries, Clock clock, String instance) {
    this(jdbi, attempts, redeliveries, clock, instance, state -> {});
  }

  /**
   * @param stateChanged told when a job of this instance is {@code started}, {@code done} or {@code
   *     failed}
   */
  public Recoveries(
      Jdbi jdbi,
      AttemptLog attempts,
      Redeliveries redeliveries,
      Clock clock,
      String instance,
      Consumer<String> stateChanged) {
    this(jdbi, attempts, redeliveries, clock, instance, DEFAULT_LEASE, DEFAULT_PAGE, stateChanged);
  }

  Recoveries(
      Jdbi jdbi,
      AttemptLog attempts,
      Redeliveries redeliveries,
      Clock clock,
      String instance,
      Duration lease,
      int page) {
    this(jdbi, attempts, redeliveries, clock, instance, lease, page, state -> {});
  }

  private Recoveries(
      Jdbi jdbi,
      AttemptLog attempts,
      Redeliveries redeliveries,
      Clock clock,
      String instance,
      Duration lease,
      int page,
      Consumer<String> stateChanged) {
    this.stateChanged = stateChanged;
    this.jdbi = jdbi;
    this.attempts = attempts;
    this.redeliveries = redeliveries;
    this.clock = clock;
    this.instance = instance;
    this.lease = lease;
    this.page = page;
  }

  /** Starts renewing this instance's leases and taking over jobs whose lease ran out. */
  public synchronized Recoveries start() {
    long every = Math.max(1, lease.toMillis() / 3);
    maintenance = leases.scheduleWithFixedDelay(this::maintain, 0, every, TimeUnit.MILLISECONDS);
    return this;
  }

  /** FAILED when the lease keeper died (an {@link Error}); it catches and logs everything else. */
  public Health health() {
    ScheduledFuture<?> m = maintenance;
    if (m == null || !m.isDone() || closing) {
      return Health.ready();
    }
    try {
      m.get();
      return Health.failed("the recoveries' lease keeper stopped");
    } catch (ExecutionException e) {
      return Health.failed("the recoveries' lease keeper died: " + e.getCause());
    } catch (InterruptedException | CancellationException e) {
      return Health.failed("the recoveries' lease keeper was cancelled");
    }
  }

  /** Records a new job owned by this instance and queues it; returns it as stored. */
  Recovery begin(String endpointId, String tenantId, Instant since) {
    String id = Redeliveries.newId("rc_");
    Instant now = clock.instant();
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO "
                        + TABLE
                        + " (id, endpoint_id, tenant_id, since, until_at, state,"
                        + " created_at, owner, lease_until) VALUES (:id, :endpointId, :tenantId, :since, :now, 'running', :now,"
                        + " :owner, :lease)")
                .bind("id", id)
                .bind("endpointId", endpointId)
                .bind("tenantId", tenantId)
                .bind("since", since)
                .bind("now", now)
                .bind("owner", instance)
                .bind("lease", now.plus(lease))
                .execute());
    log.info("recovery {} of endpoint {} since {} started on {}", id, endpointId, since, instance);
    stateChanged.accept("started");
    jobs.execute(() -> run(id));
    return find(endpointId, id).orElseThrow();
  }

  Optional<Recovery> find(String endpointId, String id) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT * FROM " + TABLE + " WHERE id = :id AND endpoint_id = :e")
                .bind("id", id)
                .bind("e", endpointId)
                .map((rs, ctx) -> row(rs))
                .findOne());
  }

  /** Renews this instance's leases, then takes over running jobs whose lease ran out. */
  void maintain() {
    try {
      Instant now = clock.instant();
      jdbi.useHandle(
          h ->
              h.createUpdate(
                      "UPDATE "
                          + TABLE
                          + " SET lease_until = :lease WHERE owner = :owner"
                          + " AND state = 'running'")
                  .bind("lease", now.plus(lease))
                  .bind("owner", instance)
                  .execute());
      List<String[]> taken =
          jdbi.inTransaction(
              h ->
                  h.createQuery(
                          "WITH stale AS (SELECT id, owner FROM "
                              + TABLE
                              + " WHERE state = 'running' AND (lease_until IS NULL OR lease_until <= :now)"
                              + " AND owner IS DISTINCT FROM :owner ORDER BY created_at"
                              + " FOR UPDATE SKIP LOCKED) UPDATE "
                              + TABLE
                              + " r SET owner = :owner, lease_until = :lease"
                              + " FROM stale WHERE r.id = stale.id RETURNING r.id, r.endpoint_id, stale.owner AS previous")
                      .bind("now", now)
                      .bind("owner", instance)
                      .bind("lease", now.plus(lease))
                      .map(
                          (rs, ctx) ->
                              new String[] {
                                rs.getString("id"),
                                rs.getString("endpoint_id"),
                                rs.getString("previous")
                              })
                      .list());
      for (String[] t : taken) {
        log.warn(
            "recovery {} of endpoint {}: its instance {} stopped renewing its lease; {} continues it",
            t[0],
            t[1],
            t[2],
            instance);
        jobs.execute(() -> run(t[0]));
      }
    } catch (RuntimeException e) {
      log.warn(
          "recoveries: renewing leases and taking over stale jobs failed; trying again in {} ms: {}",
          lease.toMillis() / 3,
          e.toString());
    }
  }

  private void run(String id) {
    Job job =
        jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT * FROM "
                                + TABLE
                                + " WHERE id = :id AND owner = :owner"
                                + " AND state = 'running'")
                        .bind("id", id)
                        .bind("owner", instance)
                        .map((rs, ctx) -> job(rs))
                        .findOne())
            .orElse(null);
    if (job == null) {
      return; // finished or taken over meanwhile
    }
    int sent = job.sent;
    int unavailable = job.unavailable;
    AttemptLog.Position after = job.after;
    try {
      if (after == null && sent + unavailable == 0) {
        long total = attempts.countFinalFailures(job.endpointId, job.since, job.until);
        if (!progress(id, total, after, sent, unavailable)) {
          return;
        }
      }
      List<Attempt> batch;
      do {
        batch = attempts.finalFailures(job.endpointId, job.since, job.until, after, page);
        for (Attempt a : batch) {
          if (redeliveries.resend(a, id).isPresent()) {
            sent++;
          } else {
            unavailable++;
          }
          after = AttemptLog.Position.of(a);
        }
        if (!progress(id, -1, after, sent, unavailable)) {
          log.warn(
              "recovery {} was taken over by another instance; {} stops it after {} sent",
              id,
              instance,
              sent);
          return;
        }
      } while (batch.size() == page && !closing);
      if (closing) {
        return; // the lease is given up on close; an instance continues from the saved position
      }
      finish(id, "done", null);
      log.info(
          "recovery {} of endpoint {}: {} sent again, {} no longer on the events topic",
          id,
          job.endpointId,
          sent,
          unavailable);
    } catch (RuntimeException e) {
      if (closing) {
        log.info(
            "recovery {} interrupted by a stop after {} sent; another start continues it",
            id,
            sent);
        return;
      }
      log.error("recovery {} of endpoint {} failed after {} sent", id, job.endpointId, sent, e);
      progress(id, -1, after, sent, unavailable);
      finish(id, "failed", e.getMessage());
    }
  }

  /**
   * Saves progress and renews the lease if this instance still owns the job; false when it does
   * not.
   */
  private boolean progress(
      String id, long total, AttemptLog.Position after, int sent, int unavailable) {
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE "
                            + TABLE
                            + " SET total = CASE WHEN :total < 0 THEN total"
                            + " ELSE :total END, sent = :sent, unavailable = :unavailable, after_start = :afterStart,"
                            + " after_id = :afterId, lease_until = :lease WHERE id = :id AND owner = :owner AND state = 'running'")
                    .bind("id", id)
                    .bind("total", total)
                    .bind("sent", sent)
                    .bind("unavailable", unavailable)
                    .bind("afterStart", after == null ? null : Timestamp.from(after.startedAt()))
                    .bind("afterId", after == null ? null : after.id())
                    .bind("lease", clock.instant().plus(lease))
                    .bind("owner", instance)
                    .execute())
        == 1;
  }

  private void finish(String id, String state, String error) {
    stateChanged.accept(state);
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "UPDATE "
                        + TABLE
                        + " SET state = :state, error = :error, finished_at = :now,"
                        + " lease_until = NULL WHERE id = :id AND owner = :owner AND state = 'running'")
                .bind("id", id)
                .bind("state", state)
                .bind("error", error)
                .bind("now", clock.instant())
                .bind("owner", instance)
                .execute());
  }

  /** A job as stored: what to walk, and how far it got. */
  private record Job(
      String endpointId,
      Instant since,
      Instant until,
      AttemptLog.Position after,
      int sent,
      int unavailable) {}

  private static Job job(ResultSet rs) throws SQLException {
    Timestamp afterStart = rs.getTimestamp("after_start");
    return new Job(
        rs.getString("endpoint_id"),
        instant(rs.getTimestamp("since")),
        instant(rs.getTimestamp("until_at")),
        afterStart == null
            ? null
            : new AttemptLog.Position(afterStart.toInstant(), rs.getLong("after_id")),
        rs.getInt("sent"),
        rs.getInt("unavailable"));
  }

  private static Recovery row(ResultSet rs) throws SQLException {
    return new Recovery(
        rs.getString("id"),
        rs.getString("endpoint_id"),
        instant(rs.getTimestamp("since")),
        rs.getString("state"),
        rs.getInt("total"),
        rs.getInt("sent"),
        rs.getInt("unavailable"),
        rs.getString("error"),
        instant(rs.getTimestamp("created_at")),
        instant(rs.getTimestamp("finished_at")),
        rs.getString("owner"));
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }

  /**
   * Stops the jobs and gives this instance's leases up, so another instance continues them at once.
   */
  @Override
  public void close() {
    closing = true;
    leases.shutdownNow();
    jobs.shutdownNow();
    try {
      jobs.awaitTermination(10, TimeUnit.SECONDS);
      leases.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      int released =
          jdbi.withHandle(
              h ->
                  h.createUpdate(
                          "UPDATE "
                              + TABLE
                              + " SET lease_until = :now"
                              + " WHERE owner = :owner AND state = 'running'")
                      .bind("now", clock.instant())
                      .bind("owner", instance)
                      .execute());
      if (released > 0) {
        log.info(
            "{} running recoveries left for another instance (or the next start) to continue",
            released);
      }
    } catch (RuntimeException e) {
      log.warn("giving up the recoveries' leases: {}; they run out after {}", e.toString(), lease);
    }
  }
}
