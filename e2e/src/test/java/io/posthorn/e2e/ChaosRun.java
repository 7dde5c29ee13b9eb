package io.posthorn.e2e;

import io.posthorn.devstack.DeliveryLedger;
import io.posthorn.devstack.LocalKafkaCluster;
import io.posthorn.devstack.LocalPostgres;
import io.posthorn.devstack.ScriptedReply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The chaos run: {@code mvn -B -Pchaos -pl e2e -am -DskipTests verify -Dchaos.minutes=10}. A
 * three-broker cluster and PostgreSQL of its own, two relays and two workers as processes, three
 * endpoints, and a steady outbox load; every {@code --interval} one random fault (a worker, a relay
 * or a broker killed with SIGKILL and started again, an endpoint failing for a while, PostgreSQL
 * restarted fast or immediately). At the end the load stops, the run waits for the ledger to close
 * and prints it with the insert-to-delivery percentiles of events sent and delivered outside every
 * fault window. Exits 1 when a pair is lost. Options: {@code --minutes N --rate N --interval S
 * --seed N --out FILE}.
 */
public final class ChaosRun {
  private static final Duration WAIT = Duration.ofMinutes(2);
  private static final Duration GRACE = Duration.ofSeconds(10);

  enum Fault {
    WORKER_KILL,
    RELAY_KILL,
    BROKER_KILL,
    ENDPOINT_FAILURE,
    POSTGRES_FAST_RESTART,
    POSTGRES_IMMEDIATE_RESTART
  }

  /** When a fault began and when the system was whole again. */
  record Window(Fault fault, String detail, Instant start, Instant end) {}

  private final Random random;
  private final List<Window> windows = new ArrayList<>();
  private final Map<String, Instant> failingUntil = new ConcurrentHashMap<>();
  private final LocalKafkaCluster cluster;
  private final LocalPostgres postgres;
  private final FaultPipeline pipeline;
  private final List<RelayChild> relays = new ArrayList<>();
  private final List<WorkerProcess> workers = new ArrayList<>();
  private final List<String> revived = new ArrayList<>();

  private ChaosRun(long seed) {
    random = new Random(seed);
    cluster = LocalKafkaCluster.start(3);
    postgres = LocalPostgres.start(0);
    String database = postgres.createDatabase("chaos");
    pipeline =
        new FaultPipeline(
            "chaos",
            postgres.jdbcUrl(database),
            postgres.dataSource(database),
            cluster.bootstrapServers(),
            3);
    pipeline.workerSettings.put("worker.retry.ladder", "1s,2s,4s,8s,15s,30s,60s,120s");
    pipeline.respond(
        r -> {
          Instant until = failingUntil.get(r.path());
          return until != null && Instant.now().isBefore(until)
              ? ScriptedReply.status(503)
              : ScriptedReply.ok();
        });
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    double minutes = Double.parseDouble(options.getOrDefault("minutes", "10"));
    int rate = Integer.parseInt(options.getOrDefault("rate", "50"));
    Duration interval = Duration.ofSeconds(Long.parseLong(options.getOrDefault("interval", "30")));
    String seedOption = options.getOrDefault("seed", "random");
    long seed = seedOption.equals("random") ? System.nanoTime() : Long.parseLong(seedOption);
    Path out = Path.of(options.getOrDefault("out", "target/chaos/report.txt"));
    String report;
    boolean lost;
    ChaosRun run = new ChaosRun(seed);
    try {
      run.startComponents();
      report = run.run(Duration.ofMillis((long) (minutes * 60_000)), rate, interval, seed);
      lost = run.pipeline.ledger.report().lost() > 0;
    } finally {
      run.close();
    }
    System.out.println(report);
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, report);
    System.exit(lost ? 1 : 0);
  }

  private void startComponents() throws Exception {
    relays.add(RelayChild.start(pipeline.relaySettings));
    relays.get(0).awaitStreaming(WAIT);
    // the first relay streams; the second starts as its standby
    relays.add(RelayChild.start(pipeline.relaySettings)); // the standby
    for (int i = 0; i < 2; i++) {
      workers.add(WorkerProcess.start(pipeline.workerSettings));
    }
    for (WorkerProcess w : workers) {
      w.awaitConsuming(WAIT);
    }
  }

  private String run(Duration length, int rate, Duration interval, long seed) throws Exception {
    Instant began = Instant.now();
    long end = System.nanoTime() + length.toNanos();
    OutboxLoad load = pipeline.load(rate);
    log(
        "load of %d rows/s started; faults every %d s for %s (seed %d)",
        rate, interval.toSeconds(), length, seed);
    while (System.nanoTime() + interval.toNanos() < end) {
      TimeUnit.NANOSECONDS.sleep(interval.toNanos() / 2);
      revive();
      Fault fault = Fault.values()[random.nextInt(Fault.values().length)];
      Instant start = Instant.now();
      String detail;
      try {
        detail = inject(fault);
      } catch (RuntimeException e) { // the harness failed to restore a part: say so, go on
        detail = "NOT RESTORED IN TIME: " + e.getMessage();
      }
      windows.add(new Window(fault, detail, start, Instant.now()));
      log(
          "%s (%s): whole again after %d ms",
          fault, detail, Duration.between(start, Instant.now()).toMillis());
      TimeUnit.NANOSECONDS.sleep(interval.toNanos() / 2);
    }
    TimeUnit.NANOSECONDS.sleep(Math.max(0, end - System.nanoTime()));
    load.stop();
    Instant stopped = Instant.now();
    log("load stopped after %d rows; waiting for the ledger to close", load.committed());
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (!pipeline.ledger.complete() && System.nanoTime() < deadline) {
      revive();
      TimeUnit.SECONDS.sleep(1);
    }
    return report(began, stopped, load);
  }

  /** Injects one fault and returns once the system is whole again (the fault window's end). */
  private String inject(Fault fault) throws Exception {
    switch (fault) {
      case WORKER_KILL -> {
        int i = random.nextInt(workers.size());
        workers.get(i).kill();
        TimeUnit.SECONDS.sleep(3);
        workers.set(i, WorkerProcess.start(pipeline.workerSettings));
        workers.get(i).awaitConsuming(WAIT);
        return "worker " + i;
      }
      case RELAY_KILL -> {
        int i = relays.get(1).state().equals("streaming") ? 1 : 0; // the active one, mostly
        String was = relays.get(i).state();
        relays.get(i).kill();
        TimeUnit.SECONDS.sleep(3);
        relays.set(i, RelayChild.start(pipeline.relaySettings));
        awaitAStreamingRelay();
        return "relay " + i + " (" + was + ")";
      }
      case BROKER_KILL -> {
        int node = cluster.nodeIds().get(random.nextInt(cluster.nodeIds().size()));
        boolean controller = node == cluster.activeController();
        cluster.kill(node);
        TimeUnit.SECONDS.sleep(5);
        cluster.restart(node);
        cluster.awaitHealthy(Duration.ofMinutes(5)); // log recovery under load is slow
        return "broker " + node + (controller ? " (active controller)" : "");
      }
      case ENDPOINT_FAILURE -> {
        String endpoint = pipeline.endpoints.get(random.nextInt(pipeline.endpoints.size()));
        failingUntil.put(endpoint, Instant.now().plusSeconds(15));
        TimeUnit.SECONDS.sleep(15);
        return endpoint + " answers 503 for 15 s";
      }
      case POSTGRES_FAST_RESTART -> {
        postgres.restart(LocalPostgres.Shutdown.FAST);
        return "fast shutdown";
      }
      case POSTGRES_IMMEDIATE_RESTART -> {
        postgres.restart(LocalPostgres.Shutdown.IMMEDIATE);
        return "immediate shutdown";
      }
    }
    throw new IllegalStateException("unknown fault " + fault);
  }

  /**
   * Starts again a relay or worker that exited on its own (as systemd's Restart=on-failure would),
   * noting it for the report.
   */
  private void revive() throws Exception {
    for (int i = 0; i < relays.size(); i++) {
      if (!relays.get(i).isAlive()) {
        note(
            "relay "
                + i
                + " (pid "
                + relays.get(i).pid()
                + ") exited on its own, "
                + relays.get(i).exit());
        relays.set(i, RelayChild.start(pipeline.relaySettings));
      }
    }
    for (int i = 0; i < workers.size(); i++) {
      if (!workers.get(i).isAlive()) {
        note("worker " + i + " (pid " + workers.get(i).pid() + ") exited on its own");
        workers.set(i, WorkerProcess.start(pipeline.workerSettings));
        workers.get(i).awaitConsuming(WAIT);
      }
    }
  }

  private void note(String what) {
    revived.add(Instant.now() + " " + what);
    log("%s; started again", what);
  }

  /** Waits until one relay streams, starting again any that exit meanwhile. */
  private void awaitAStreamingRelay() throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (relays.stream().noneMatch(r -> r.isAlive() && r.state().equals("streaming"))) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no relay streams within " + WAIT);
      }
      revive();
      TimeUnit.MILLISECONDS.sleep(200);
    }
  }

  private String report(Instant began, Instant stopped, OutboxLoad load) {
    DeliveryLedger.Report r = pipeline.ledger.report();
    List<Long> calm = new ArrayList<>();
    List<Long> all = new ArrayList<>();
    for (DeliveryLedger.Delivery d : pipeline.ledger.deliveries()) {
      long ms = d.latency().toMillis();
      all.add(ms);
      if (outsideWindows(d.sentAt()) && outsideWindows(d.deliveredAt())) {
        calm.add(ms);
      }
    }
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            "chaos run: %s of load (%s to %s), %d rows written (%d writes retried)%n",
            Duration.between(began, stopped).withNanos(0),
            began,
            stopped,
            load.committed(),
            load.failures()));
    s.append("faults:\n");
    for (Window w : windows) {
      s.append(
          String.format(
              "  %s  %-27s %-34s %6d ms to whole%n",
              w.start(), w.fault(), w.detail(), Duration.between(w.start(), w.end()).toMillis()));
    }
    s.append("processes that exited on their own and were started again: ")
        .append(revived.isEmpty() ? "none" : "")
        .append('\n');
    revived.forEach(line -> s.append("  ").append(line).append('\n'));
    s.append("ledger: ").append(r).append('\n');
    s.append(
        String.format(
            "insert->delivery outside fault windows (+%d s): %s%n",
            GRACE.toSeconds(), percentiles(calm)));
    s.append(
        String.format("insert->delivery, every pair:                  %s%n", percentiles(all)));
    s.append(
        r.lost() == 0
            ? "RESULT: nothing lost\n"
            : "RESULT: LOST "
                + r.lost()
                + " pairs, e.g. "
                + pipeline.ledger.lost().stream().limit(5).toList()
                + "\n");
    return s.toString();
  }

  private boolean outsideWindows(Instant at) {
    return windows.stream()
        .noneMatch(w -> !at.isBefore(w.start()) && !at.isAfter(w.end().plus(GRACE)));
  }

  private static String percentiles(List<Long> ms) {
    if (ms.isEmpty()) {
      return "no deliveries";
    }
    List<Long> sorted = ms.stream().sorted().toList();
    return String.format(
        "n=%d p50 %d ms, p99 %d ms, max %d ms",
        sorted.size(), at(sorted, 0.50), at(sorted, 0.99), sorted.getLast());
  }

  private static long at(List<Long> sorted, double q) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
  }

  private static void log(String format, Object... args) {
    System.out.printf("[chaos %s] %s%n", Instant.now(), String.format(format, args));
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new ConcurrentHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --option value, got " + args[i]);
      }
      options.put(args[i].substring(2), args[i + 1]);
    }
    return options;
  }

  private void close() {
    workers.forEach(WorkerProcess::close);
    relays.forEach(RelayChild::close);
    pipeline.close();
    cluster.close();
    postgres.close();
  }
}
