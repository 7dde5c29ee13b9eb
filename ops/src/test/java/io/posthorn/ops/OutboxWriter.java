package io.posthorn.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/** Writes outbox rows like a busy service: 100 per transaction every 20 ms (5,000 rows/s). */
final class OutboxWriter {
  private static final Duration WAIT = Duration.ofSeconds(120);

  private final DataSource db;
  private final int total;
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final List<String> ids = new ArrayList<>();
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile int inserted;

  private OutboxWriter(DataSource db, int total) {
    this.db = db;
    this.total = total;
  }

  static OutboxWriter start(DataSource db, int total) {
    OutboxWriter writer = new OutboxWriter(db, total);
    writer.scheduler.scheduleAtFixedRate(writer::next, 0, 20, TimeUnit.MILLISECONDS);
    return writer;
  }

  /** Inserts {@code n} valid rows in one transaction; returns their ids. */
  static List<String> insert(DataSource db, int n) throws SQLException {
    List<String> ids = new ArrayList<>(n);
    StringBuilder sql =
        new StringBuilder(
            "INSERT INTO posthorn.outbox (id, event_type, aggregate_type, aggregate_id, payload) VALUES ");
    for (int i = 0; i < n; i++) {
      String id = UUID.randomUUID().toString();
      ids.add(id);
      sql.append(i == 0 ? "" : ", ")
          .append("('")
          .append(id)
          .append("', 'posthorn.ping', 'Order', 'ord_")
          .append(i % 50)
          .append("', '{\"n\": ")
          .append(i)
          .append("}')");
    }
    try (Connection c = db.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql.toString());
    }
    return ids;
  }

  private void next() {
    try {
      List<String> batch = insert(db, Math.min(100, total - inserted));
      synchronized (this) {
        ids.addAll(batch);
      }
      inserted += batch.size();
      if (inserted >= total) {
        done.countDown();
        scheduler.shutdown();
      }
    } catch (SQLException e) {
      scheduler.shutdown();
      throw new IllegalStateException("writing outbox rows", e);
    }
  }

  void awaitInserted(int n) {
    await().atMost(WAIT).until(() -> inserted >= n);
  }

  void awaitDone() throws InterruptedException {
    assertThat(done.await(WAIT.toSeconds(), TimeUnit.SECONDS))
        .as("all %d rows written", total)
        .isTrue();
  }

  synchronized List<String> ids() {
    return List.copyOf(ids);
  }
}
