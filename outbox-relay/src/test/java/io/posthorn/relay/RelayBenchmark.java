package io.posthorn.relay;

import io.posthorn.devstack.DevStack;
import io.posthorn.schema.Envelope;
import io.posthorn.schema.OutboxSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.HdrHistogram.Histogram;

/**
 * The relay benchmark: {@code mvn -B -pl outbox-relay -am -Pbench verify} (figures go to
 * docs/benchmarks.md). On one embedded stack, for the pipelined relay and the wait-for-every-batch
 * baseline ({@code relay.max-unacked-batches=0}) measured in the same run:
 *
 * <ol>
 *   <li>throughput: rows committed as fast as PostgreSQL takes them (5,000 per transaction) while
 *       the relay runs; rows/s from the first commit to the last Kafka ack;
 *   <li>catch-up: the same rows committed while the relay is stopped, then drained; rows/s from the
 *       moment the engine streams to the last ack;
 *   <li>latency: single-row transactions at a steady 1,000 rows/s; from the INSERT to the Kafka
 *       ack, p50/p99.
 * </ol>
 *
 * Arguments (all optional): rows (default 100000), latency seconds (default 20).
 */
public final class RelayBenchmark {
  private static final String PAYLOAD =
      "{\"orderId\": \"ord_12345\", \"customer\": \"cus_987\", \"totalCents\": 4999,"
          + " \"currency\": \"EUR\", \"items\": [{\"sku\": \"A-1\", \"qty\": 2}, {\"sku\": \"B-7\", \"qty\": 1}]}";

  private final DevStack stack;

  private RelayBenchmark(DevStack stack) {
    this.stack = stack;
  }

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int latencySeconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    System.out.printf(
        "relay benchmark: %d rows, %d s at 1,000 rows/s, %d cores%n",
        rows, latencySeconds, Runtime.getRuntime().availableProcessors());
    try (DevStack stack = DevStack.start(0, 0)) {
      RelayBenchmark bench = new RelayBenchmark(stack);
      UnaryOperator<RelayConfig.Builder> baseline = b -> b.maxUnackedBatches(0);
      UnaryOperator<RelayConfig.Builder> pipelined = UnaryOperator.identity();
      bench.throughput("warm-up", rows / 4, pipelined);
      double base = bench.throughput("baseline (wait for every batch)", rows, baseline);
      double pipe = bench.throughput("pipelined (default)", rows, pipelined);
      double baseCatchUp = bench.catchUp("baseline (wait for every batch)", rows, baseline);
      double pipeCatchUp = bench.catchUp("pipelined (default)", rows, pipelined);
      System.out.printf(
          "throughput ratio pipelined/baseline: %.2f; catch-up ratio: %.2f%n",
          pipe / base, pipeCatchUp / baseCatchUp);
      bench.latency("baseline (wait for every batch)", latencySeconds, baseline);
      bench.latency("pipelined (default)", latencySeconds, pipelined);
    }
    System.exit(0);
  }

  private double throughput(String label, int rows, UnaryOperator<RelayConfig.Builder> tune)
      throws Exception {
    try (Run run = newRun(tune).start()) {
      run.awaitStreaming();
      long start = System.nanoTime();
      insertBulk(run.db, rows);
      long committed = System.nanoTime();
      run.awaitPublished(rows);
      double seconds = (run.lastAckNanos.get() - start) / 1e9;
      System.out.printf(
          "throughput  %-34s %,9.0f rows/s  (%,d rows: commits took %.1f s, last ack after %.1f s)%n",
          label, rows / seconds, rows, (committed - start) / 1e9, seconds);
      return rows / seconds;
    }
  }

  private double catchUp(String label, int rows, UnaryOperator<RelayConfig.Builder> tune)
      throws Exception {
    Run stopped = newRun(tune);
    insertBulk(stopped.db, rows);
    try (Run run = stopped.start()) {
      run.awaitPublished(rows);
      double seconds = (run.lastAckNanos.get() - run.streamingNanos) / 1e9;
      System.out.printf(
          "catch-up    %-34s %,9.0f rows/s  (%,d rows committed while stopped, drained in %.1f s"
              + " once streaming)%n",
          label, rows / seconds, rows, seconds);
      return rows / seconds;
    }
  }

  private void latency(String label, int seconds, UnaryOperator<RelayConfig.Builder> tune)
      throws Exception {
    Histogram micros = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
    try (Run run = newRun(tune).measuring(micros).start();
        Connection c = run.db.getConnection();
        PreparedStatement insert = c.prepareStatement(INSERT_ONE)) {
      run.awaitStreaming();
      int warmUp = 5_000;
      int total = warmUp + seconds * 1_000;
      long start = System.nanoTime();
      for (int i = 0; i < total; i++) {
        LockSupport.parkNanos(start + i * 1_000_000L - System.nanoTime());
        UUID id = UUID.randomUUID();
        insert.setObject(1, id);
        insert.setString(2, "ord_" + (i % 1000));
        if (i >= warmUp) {
          run.insertedAt.put(id, System.nanoTime());
        }
        insert.executeUpdate(); // autocommit: one transaction per row
      }
      double rate = total / ((System.nanoTime() - start) / 1e9);
      run.awaitPublished(total);
      System.out.printf(
          "latency     %-34s p50 %5.1f ms  p90 %5.1f ms  p99 %5.1f ms  max %6.1f ms  (%,d rows at %,.0f"
              + " rows/s, insert to Kafka ack)%n",
          label,
          micros.getValueAtPercentile(50) / 1e3,
          micros.getValueAtPercentile(90) / 1e3,
          micros.getValueAtPercentile(99) / 1e3,
          micros.getMaxValue() / 1e3,
          micros.getTotalCount(),
          rate);
    }
  }

  private static final String INSERT_ONE =
      "INSERT INTO posthorn.outbox (id, event_type, aggregate_type, aggregate_id,"
          + " payload) VALUES (?, 'posthorn.ping', 'Order', ?, '"
          + PAYLOAD
          + "'::jsonb)";

  private static void insertBulk(DataSource db, int rows) throws SQLException {
    try (Connection c = db.getConnection();
        Statement s = c.createStatement()) {
      for (int done = 0; done < rows; done += 5_000) {
        int n = Math.min(5_000, rows - done);
        s.execute(
            "INSERT INTO posthorn.outbox (event_type, aggregate_type, aggregate_id, payload)"
                + " SELECT 'posthorn.ping', 'Order', 'ord_' || (g % 1000), '"
                + PAYLOAD
                + "'::jsonb"
                + " FROM generate_series(1, "
                + n
                + ") g");
      }
    }
  }

  private Run newRun(UnaryOperator<RelayConfig.Builder> tune) {
    String name = stack.postgres().createDatabase("bench");
    DataSource db = stack.postgres().dataSource(name);
    OutboxSchema.migrate(db);
    RelayConfig config =
        tune.apply(
                RelayConfig.builder(
                        stack.postgres().jdbcUrl(name),
                        "postgres",
                        "",
                        stack.kafka().bootstrapServers())
                    .slotName("slot_" + name)
                    .eventsTopic(name + ".events")
                    .invalidTopic(name + ".invalid")
                    .offsetsTopic(name + ".offsets")
                    .topicPartitions(12))
            .build();
    new ReplicationSetup(config)
        .ensure(); // capture from now on, even rows committed before start()
    return new Run(db, config);
  }

  /** One relay on a fresh database, counting acks. */
  private static final class Run implements RelayListener, AutoCloseable {
    final DataSource db;
    final RelayConfig config;
    final AtomicLong published = new AtomicLong();
    final AtomicLong lastAckNanos = new AtomicLong();
    final Map<UUID, Long> insertedAt = new ConcurrentHashMap<>();
    volatile Histogram latencies;
    volatile boolean streaming;
    volatile long streamingNanos;
    volatile long target = Long.MAX_VALUE;

    Run(DataSource db, RelayConfig config) {
      this.db = db;
      this.config = config;
    }

    private OutboxRelay relay;

    Run measuring(Histogram h) {
      latencies = h;
      return this;
    }

    Run start() {
      relay = OutboxRelay.create(config, this).start();
      return this;
    }

    @Override
    public void close() {
      relay.close();
    }

    @Override
    public void streaming() {
      streamingNanos = System.nanoTime();
      streaming = true;
    }

    @Override
    public void published(Envelope envelope) {
      long now = System.nanoTime();
      Long committed = insertedAt.remove(envelope.id());
      Histogram h = latencies;
      if (committed != null && h != null) {
        synchronized (h) {
          h.recordValue(Math.max(0, (now - committed) / 1_000));
        }
      }
      lastAckNanos.set(now);
      if (published.incrementAndGet() >= target) {
        wake();
      }
    }

    private synchronized void wake() {
      notifyAll();
    }

    void awaitStreaming() throws InterruptedException {
      awaitUntil(() -> streaming, Duration.ofSeconds(60), "the engine to stream");
    }

    void awaitPublished(long n) throws InterruptedException {
      target = n;
      awaitUntil(() -> published.get() >= n, Duration.ofMinutes(5), n + " acks");
    }

    private synchronized void awaitUntil(BooleanSupplier done, Duration timeout, String what)
        throws InterruptedException {
      Instant deadline = Instant.now().plus(timeout);
      while (!done.getAsBoolean()) {
        if (Instant.now().isAfter(deadline)) {
          throw new IllegalStateException("timed out waiting for " + what);
        }
        wait(50); // woken by the last ack; streaming() is checked every 50 ms
      }
    }
  }
}
