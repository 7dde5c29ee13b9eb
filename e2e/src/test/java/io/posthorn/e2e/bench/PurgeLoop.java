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
 * 1 s retention every 100 ms on a connection of its own (production: an hour's retention every few
 * minutes), so it deletes as many rows per second as the clients insert.
 */
final class PurgeLoop implements AutoCloseable {
  private final OutboxPurge purge =
      OutboxPurge.create(Duration.ofSeconds(1), OutboxPurge.DEFAULT_BATCH_SIZE, Clock.systemUTC());
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final AtomicLong deleted = new AtomicLong();
  private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
  private final Connection connection;

  PurgeLoop(DataSource db) throws SQLException {
    connection = db.getConnection();
    scheduler.scheduleWithFixedDelay(this::purge, 100, 100, TimeUnit.MILLISECONDS);
  }

  private void purge() {
    try {
      deleted.addAndGet(purge.purge(connection));
    } catch (RuntimeException e) {
      failure.compareAndSet(null, e);
      scheduler.shutdown();
    }
  }

  long deleted() {
    return deleted.get();
  }

  @Override
  public void close() throws SQLException {
    scheduler.shutdown();
    try {
      scheduler.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    connection.close();
    if (failure.get() != null) {
      throw new IllegalStateException("purging the outbox failed", failure.get());
    }
  }
}
