package io.posthorn.e2e.bench;

import io.posthorn.schema.Outbox;
import io.posthorn.schema.OutboxConfig;
import io.posthorn.schema.OutboxSchema;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * What emitting an event costs a product service's transaction, and what outbox housekeeping costs
 * on top, on the embedded PostgreSQL (issue 3, "Measure"; docs/decisions/0003-outbox-growth.md).
 * Every mode runs in every round, interleaved, and the median round counts, so all figures come
 * from the same run under the same machine load. The whole comparison runs twice: with fsync off,
 * as the dev stack runs, and on, as production does.
 *
 * <p>Run: {@code mvn -B -Pbench -pl e2e -am -DskipTests verify} (options through {@code
 * -Dbench.args="--seconds 10 --rounds 5 --connections 4"}).
 */
public final class OutboxWriteBenchmark {
  private final DataSource db;
  private final int seconds;
  private final int connections;
  private final Outbox outbox = Outbox.create(OutboxConfig.defaults(), Clock.systemUTC());
  private final AtomicLong sequence = new AtomicLong();

  private OutboxWriteBenchmark(DataSource db, int seconds, int connections) {
    this.db = db;
    this.seconds = seconds;
    this.connections = connections;
  }

  public static void main(String[] args) throws Exception {
    int seconds = option(args, "--seconds", 5);
    int rounds = option(args, "--rounds", 5);
    int connections = option(args, "--connections", 4);
    for (boolean fsync : new boolean[] {false, true}) {
      try (EmbeddedPostgres postgres = start(fsync)) {
        DataSource db = postgres.getPostgresDatabase();
        OutboxSchema.migrate(db);
        try (Connection c = db.getConnection();
            Statement s = c.createStatement()) {
          s.execute(WriteMode.SETUP);
        }
        System.out.printf(
            "%noutbox write benchmark: embedded PostgreSQL 17, fsync=%s, synchronous_commit=on,"
                + " %d connections, %d rounds x %d s per mode, one-row business transaction, ~200-byte order.created"
                + " payload%n",
            fsync ? "on" : "off", connections, rounds, seconds);
        new OutboxWriteBenchmark(db, seconds, connections).run(rounds);
      }
    }
  }

  /**
   * The dev stack's server settings ({@code LocalPostgres}), with fsync chosen: the dev stack runs
   * without it, production commits wait for the disk.
   */
  private static EmbeddedPostgres start(boolean fsync) throws IOException {
    return EmbeddedPostgres.builder()
        .setCleanDataDirectory(true)
        .setPGStartupWait(Duration.ofSeconds(60))
        .setServerConfig("listen_addresses", "127.0.0.1")
        .setServerConfig("wal_level", "logical")
        .setServerConfig("synchronous_commit", "on")
        .setServerConfig("max_connections", "200")
        .setServerConfig("fsync", fsync ? "on" : "off")
        .start();
  }

  private void run(int rounds) throws Exception {
    Map<WriteMode, List<Double>> results = new EnumMap<>(WriteMode.class);
    for (WriteMode mode : WriteMode.values()) {
      measure(mode, 1); // warm-up: JIT, connection pools, catalog
    }
    for (int round = 1; round <= rounds; round++) {
      for (WriteMode mode : WriteMode.values()) {
        Run run = measure(mode, seconds);
        results.computeIfAbsent(mode, m -> new ArrayList<>()).add(run.txPerSecond());
        System.out.printf(
            "  round %d  %-62s %,9.0f tx/s  outbox after: %s%s%n",
            round,
            mode.label,
            run.txPerSecond(),
            outboxSize(),
            mode == WriteMode.EMIT_WITH_PURGE ? String.format(" (%,d purged)", run.purged()) : "");
      }
    }
    Report.print(results);
  }

  private record Run(double txPerSecond, long purged) {}

  private Run measure(WriteMode mode, int runSeconds) throws Exception {
    try (Connection c = db.getConnection()) {
      mode.prepare(c);
    }
    ExecutorService pool = Executors.newFixedThreadPool(connections);
    long deadline = System.nanoTime() + runSeconds * 1_000_000_000L;
    long start = System.nanoTime();
    try (PurgeLoop purge = mode == WriteMode.EMIT_WITH_PURGE ? new PurgeLoop(db) : null) {
      List<Future<Long>> clients = new ArrayList<>();
      for (int i = 0; i < connections; i++) {
        clients.add(pool.submit(() -> client(mode, deadline)));
      }
      long committed = 0;
      for (Future<Long> client : clients) {
        committed += client.get();
      }
      return new Run(
          committed / ((System.nanoTime() - start) / 1e9), purge == null ? 0 : purge.deleted());
    } finally {
      pool.shutdown();
    }
  }

  private long client(WriteMode mode, long deadline) throws SQLException {
    long committed = 0;
    try (Connection c = db.getConnection();
        WriteMode.Statements statements = WriteMode.Statements.prepare(c)) {
      c.setAutoCommit(false);
      while (System.nanoTime() < deadline) {
        mode.transaction(c, statements, outbox, sequence.incrementAndGet());
        committed++;
      }
    }
    return committed;
  }

  private String outboxSize() throws SQLException {
    try (Connection c = db.getConnection();
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT count(*), pg_size_pretty(pg_total_relation_size('posthorn.outbox'))"
                    + " FROM posthorn.outbox")) {
      r.next();
      return String.format("%,d rows, %s", r.getLong(1), r.getString(2));
    }
  }

  private static int option(String[] args, String name, int fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return Integer.parseInt(args[i + 1]);
      }
    }
    return fallback;
  }
}
