package io.posthorn.e2e.bench.pipeline;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.HdrHistogram.Histogram;

/**
 * The product service of the benchmark: inserts outbox rows whose payload carries a sequence number
 * (the receiver's ledger key) and the insert time in epoch microseconds (for insert → POST
 * latency). Sequence numbers never repeat within one invocation.
 */
final class Inserts {
  private static final String SQL =
      "INSERT INTO posthorn.outbox (event_type, aggregate_type, aggregate_id, payload)"
          + " VALUES ('order.completed', 'Order', ?, ?::jsonb)";
  private final DataSource db;
  private final AtomicInteger seq = new AtomicInteger();

  Inserts(DataSource db) {
    this.db = db;
  }

  /** {@code rows} rows, {@code perTransaction} to a transaction, as fast as one connection goes. */
  void burst(int rows, int perTransaction) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement(SQL)) {
      c.setAutoCommit(false);
      for (int i = 0; i < rows; i++) {
        bind(ps);
        ps.addBatch();
        if ((i + 1) % perTransaction == 0 || i == rows - 1) {
          ps.executeBatch();
          c.commit();
        }
      }
    }
  }

  /**
   * One row in a transaction of its own; returns how long the INSERT and COMMIT took, in
   * microseconds.
   */
  long one(Connection c, PreparedStatement ps) throws SQLException {
    long start = System.nanoTime();
    bind(ps);
    ps.executeUpdate();
    return (System.nanoTime() - start) / 1_000;
  }

  /**
   * {@code perSecond} single-row transactions a second for {@code seconds}, on a fixed schedule (a
   * late row does not shift the next); returns the INSERT + COMMIT times seen by the writer.
   */
  Histogram steady(int perSecond, int seconds) throws SQLException, InterruptedException {
    Histogram insertMicros = new Histogram(10_000_000L, 3);
    long periodNanos = 1_000_000_000L / perSecond;
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement(SQL)) {
      c.setAutoCommit(true);
      long start = System.nanoTime();
      for (int i = 0; i < perSecond * seconds; i++) {
        long due = start + i * periodNanos;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        insertMicros.recordValue(Math.min(one(c, ps), insertMicros.getHighestTrackableValue()));
      }
    }
    return insertMicros;
  }

  private void bind(PreparedStatement ps) throws SQLException {
    int n = seq.incrementAndGet();
    ps.setString(1, "ord_" + (n % 64));
    ps.setString(
        2,
        "{\"orderId\": \"ord_"
            + n
            + "\", \"totalCents\": 4200, \"currency\": \"EUR\", \"bench_seq\": "
            + n
            + ", \"bench_ts\": "
            + BenchReceiver.nowMicros()
            + "}");
  }
}
