package io.posthorn.e2e;

import io.posthorn.devstack.DeliveryLedger;
import io.posthorn.schema.Envelope;
import io.posthorn.schema.OutboxEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;

/**
 * Writes outbox rows at a steady rate on its own thread, one per transaction, and records each
 * committed row in a {@link DeliveryLedger} as sent to every endpoint at its commit time. A write
 * that fails (PostgreSQL restarting) is retried on a new connection; a commit whose outcome is
 * unknown (the connection broke during it) is settled by {@link #stop()}, which looks the row up.
 */
final class OutboxLoad implements AutoCloseable {
  private final DataSource db;
  private final DeliveryLedger ledger;
  private final List<String> endpoints;
  private final long periodNanos;
  private final AtomicInteger committed = new AtomicInteger();
  private final AtomicInteger failures = new AtomicInteger();
  private final Map<UUID, Instant> uncertain = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean stopping;
  private volatile int limit = Integer.MAX_VALUE;
  private volatile Exception lastFailure;

  private OutboxLoad(DataSource db, DeliveryLedger ledger, List<String> endpoints, int perSecond) {
    this.db = db;
    this.ledger = ledger;
    this.endpoints = List.copyOf(endpoints);
    this.periodNanos = TimeUnit.SECONDS.toNanos(1) / perSecond;
    this.thread = Thread.ofPlatform().daemon().name("outbox-load").start(this::run);
  }

  static OutboxLoad start(
      DataSource db, DeliveryLedger ledger, List<String> endpoints, int perSecond) {
    return new OutboxLoad(db, ledger, endpoints, perSecond);
  }

  /** Stops after {@code rows} committed rows in all. */
  OutboxLoad limit(int rows) {
    this.limit = rows;
    return this;
  }

  int committed() {
    return committed.get();
  }

  /** Writes that failed and were retried (connection refused or cut). */
  int failures() {
    return failures.get();
  }

  private void run() {
    long next = System.nanoTime();
    int n = 0;
    while (!stopping && committed.get() < limit) {
      try (Connection c = db.getConnection()) {
        c.setAutoCommit(false);
        while (!stopping && committed.get() < limit) {
          LockSupport.parkNanos(next - System.nanoTime());
          next += periodNanos;
          write(c, n++);
        }
      } catch (SQLException | RuntimeException e) { // the writer wraps SQL errors in its own
        failures.incrementAndGet();
        lastFailure = e;
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        next = System.nanoTime();
      }
    }
  }

  private void write(Connection c, int n) throws SQLException {
    OutboxEvent event = Pipeline.event(n).withId(UUID.randomUUID());
    Envelope written;
    try {
      written = Pipeline.OUTBOX.emit(c, event);
    } catch (RuntimeException e) {
      c.rollback(); // not committed: nothing to record
      throw e;
    }
    Instant at = Instant.now();
    try {
      c.commit();
    } catch (SQLException e) {
      uncertain.put(written.id(), at);
      throw e;
    }
    ledger.sent(written.id().toString(), endpoints, Instant.now());
    committed.incrementAndGet();
  }

  /** Stops writing; rows whose commit was in doubt are recorded as sent if they exist. */
  void stop() {
    stopping = true;
    try {
      thread.join(Duration.ofSeconds(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    settleUncertain();
  }

  /** Waits until {@code rows} rows are committed. */
  void awaitCommitted(int rows, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (committed.get() < rows) {
      if (System.nanoTime() > deadline || !thread.isAlive()) {
        throw new IllegalStateException(
            "only "
                + committed.get()
                + " of "
                + rows
                + " rows committed within "
                + timeout
                + (thread.isAlive() ? "" : " (the writer stopped)")
                + "; last failure: "
                + lastFailure);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
  }

  private void settleUncertain() {
    if (uncertain.isEmpty()) {
      return;
    }
    try (Connection c = db.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT id FROM posthorn.outbox WHERE id = ?")) {
      for (var e : new ArrayList<>(uncertain.entrySet())) {
        uncertain.remove(e.getKey());
        s.setObject(1, e.getKey());
        try (ResultSet rs = s.executeQuery()) {
          if (rs.next()) {
            ledger.sent(e.getKey().toString(), endpoints, e.getValue());
            committed.incrementAndGet();
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("settling in-doubt commits", e);
    }
  }

  @Override
  public void close() {
    stop();
  }
}
