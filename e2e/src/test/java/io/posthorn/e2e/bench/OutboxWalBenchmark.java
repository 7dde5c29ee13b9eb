package io.posthorn.e2e.bench;

import io.posthorn.devstack.LocalPostgres;
import io.posthorn.schema.Outbox;
import io.posthorn.schema.OutboxConfig;
import io.posthorn.schema.OutboxEvent;
import io.posthorn.schema.OutboxSchema;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * How much WAL an outbox row costs: the budget a replication slot needs per event while its relay
 * is down (docs/operations/capacity.md). Emits rows of the example {@code order.completed} shape
 * (about 60 bytes of payload plus metadata) one per transaction and in transactions of 100, after a
 * checkpoint and a warm-up (so full-page images after the checkpoint are counted once, as in steady
 * state), and prints WAL bytes per row from {@code pg_current_wal_lsn()}.
 *
 * <p>Run: {@code mvn -B -Pbench -pl e2e -am -DskipTests verify
 * -Dbench.main=io.posthorn.e2e.bench.OutboxWalBenchmark -Dbench.args=20000}.
 */
public final class OutboxWalBenchmark {
  private static final Outbox OUTBOX = Outbox.create(OutboxConfig.defaults(), Clock.systemUTC());

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    try (LocalPostgres postgres = LocalPostgres.start(0)) {
      String database = postgres.createDatabase("wal");
      DataSource db = postgres.dataSource(database);
      OutboxSchema.migrate(db);
      try (Connection c = db.getConnection()) {
        c.setAutoCommit(false);
        emit(c, rows / 10, 1); // warm-up
        for (int perTransaction : new int[] {1, 100}) {
          checkpoint(c);
          emit(c, rows / 10, perTransaction); // pages touched once after the checkpoint
          long before = lsn(c);
          emit(c, rows, perTransaction);
          long bytes = lsn(c) - before;
          System.out.printf(
              "%,d rows, %d per transaction: %,d WAL bytes, %.0f bytes per row%n",
              rows, perTransaction, bytes, (double) bytes / rows);
        }
      }
    }
  }

  private static void emit(Connection c, int rows, int perTransaction) throws SQLException {
    for (int i = 0; i < rows; i += perTransaction) {
      List<OutboxEvent> batch = new ArrayList<>();
      for (int j = i; j < Math.min(rows, i + perTransaction); j++) {
        batch.add(
            OutboxEvent.of(
                    "order.completed",
                    "Order",
                    "ord_" + (j % 1000),
                    "{\"orderId\": \"ord_"
                        + (j % 1000)
                        + "\", \"totalCents\": "
                        + j
                        + ", \"currency\": \"EUR\"}")
                .withMetadata("{\"source\": \"bench\"}"));
      }
      OUTBOX.emitAll(c, batch);
      c.commit();
    }
  }

  private static void checkpoint(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      c.setAutoCommit(true);
      s.execute("CHECKPOINT");
      c.setAutoCommit(false);
    }
  }

  private static long lsn(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT pg_current_wal_lsn() - '0/0'::pg_lsn")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
