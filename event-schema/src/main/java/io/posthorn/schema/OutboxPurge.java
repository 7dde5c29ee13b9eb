package io.posthorn.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The outbox's housekeeping: deletes rows whose {@code occurred_at} is older than the retention, in
 * small batches, each committed on its own, so the table stays at about retention × event rate and
 * inserts never wait for it (docs/decisions/0003-outbox-growth.md).
 *
 * <p>Deleting a row never affects its delivery: the relay reads inserts from the WAL, and the
 * publication does not carry deletes. The retention is only how long a row stays queryable for
 * debugging. Run {@link #purge} on a schedule (e.g. {@code posthorn outbox-purge} from cron);
 * several purgers at once skip each other's rows. Thread-safe.
 */
public final class OutboxPurge {
  public static final Duration DEFAULT_RETENTION = Duration.ofHours(1);
  public static final int DEFAULT_BATCH_SIZE = 1000;

  private static final String DELETE_BATCH =
      "DELETE FROM "
          + OutboxSchema.OUTBOX_TABLE
          + " WHERE ctid = ANY(ARRAY("
          + "SELECT ctid FROM "
          + OutboxSchema.OUTBOX_TABLE
          + " WHERE occurred_at < ? LIMIT ? FOR UPDATE SKIP LOCKED))";

  private final Duration retention;
  private final int batchSize;
  private final Clock clock;

  private OutboxPurge(Duration retention, int batchSize, Clock clock) {
    this.retention = retention;
    this.batchSize = batchSize;
    this.clock = clock;
  }

  /**
   * @param retention {@code outbox.purge.retention}: rows older than this are deleted; zero or more
   * @param batchSize {@code outbox.purge.batch-size}: rows per delete and commit, 1 to 100000
   */
  public static OutboxPurge create(Duration retention, int batchSize, Clock clock) {
    if (retention == null || retention.isNegative()) {
      throw new IllegalArgumentException(
          "outbox.purge.retention must be zero or more, got " + retention);
    }
    if (batchSize < 1 || batchSize > 100_000) {
      throw new IllegalArgumentException(
          "outbox.purge.batch-size must be between 1 and 100000, got " + batchSize);
    }
    return new OutboxPurge(retention, batchSize, Objects.requireNonNull(clock, "clock"));
  }

  /**
   * Deletes every row older than the retention, batch by batch, and returns how many it deleted.
   * Use a connection of its own: it is switched to auto-commit, so each batch commits by itself.
   */
  public long purge(Connection connection) {
    Instant cutoff = clock.instant().minus(retention);
    long deleted = 0;
    try (PreparedStatement s = connection.prepareStatement(DELETE_BATCH)) {
      connection.setAutoCommit(true);
      s.setTimestamp(1, Timestamp.from(cutoff));
      s.setInt(2, batchSize);
      int batch;
      do {
        batch = s.executeUpdate();
        deleted += batch;
      } while (batch == batchSize);
      return deleted;
    } catch (SQLException e) {
      throw new OutboxWriteException(
          "purging "
              + OutboxSchema.OUTBOX_TABLE
              + " of rows older than "
              + cutoff
              + " ("
              + deleted
              + " deleted so far): "
              + e.getMessage(),
          e);
    }
  }
}
