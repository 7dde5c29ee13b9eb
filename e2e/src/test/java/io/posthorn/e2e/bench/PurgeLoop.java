package io.posthorn.e2e.bench;

import io.posthorn.schema.OutboxPurge;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/**
 * The shipped housekeeping as production would schedule it, compressed: {@link OutboxPurge} with a
 * 1 s retention every 100 ms (production: an hour's retention every minute or so).
 */
final class PurgeLoop implements AutoCloseable {
  private final OutboxPurge purge = OutboxPurge.create(Duration.ofSeconds(1), OutboxPurge.DEFAULT_BATCH_SIZE,
      Clock.systemUTC());
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final AtomicLong deleted = new AtomicLong();
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private final DataSource db;

  PurgeLoop(DataSource db) {
    this.db = db;
    scheduler.scheduleWithFixedDelay(this::purge, 100, 100, TimeUnit.MILLISECONDS);
  }

  private void purge() {
    try (Connection c = db.getConnection()) {
      deleted.addAndGet(purge.purge(c));
    } catch (SQLException | RuntimeException e) {
      failure.compareAndSet(null, e);
      scheduler.shutdown();
    }
  }

  long deleted() {
    return deleted.get();
  }

  @Override
  public void close() {
    scheduler.shutdown();
    try {
      scheduler.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (failure.get() != null) {
      throw new IllegalStateException("purging the outbox failed", failure.get());
    }
  }
}
