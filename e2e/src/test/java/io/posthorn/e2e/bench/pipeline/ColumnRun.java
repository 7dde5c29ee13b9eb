package io.posthorn.e2e.bench.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The workloads, in order, against one system; each waits until every event of the one before
 * arrived.
 */
final class ColumnRun {
  private static final Duration TIMEOUT = Duration.ofMinutes(5);
  private final SystemUnderTest sut;
  private final Receiver receiver;
  private final Inserts inserts;
  private final Map<String, String> options;

  ColumnRun(SystemUnderTest sut, Receiver receiver, Inserts inserts, Map<String, String> options) {
    this.sut = sut;
    this.receiver = receiver;
    this.inserts = inserts;
    this.options = options;
  }

  private int opt(String key, int def) {
    return Integer.parseInt(options.getOrDefault(key, String.valueOf(def)));
  }

  Column run(int burst, int warmup) throws Exception {
    System.out.printf("%n%s: starting%n", sut.name());
    double startToFirst = start();
    System.out.printf("%s: first event delivered %.1f s after launch%n", sut.name(), startToFirst);
    Phase warm = burst("warm-up burst", warmup, 0);
    Phase measured = burst("burst", burst, 0);

    Thread.sleep(3_000); // let flushes and commits of the burst settle before measuring idle
    Map<String, Map<String, Double>> idle0 = sut.threadCpu();
    Map<String, Double> cpu0 = sut.cpu();
    int idleSeconds = opt("idle-seconds", 10);
    Thread.sleep(idleSeconds * 1_000L);
    Phase idle = Phase.of("idle", 0, idleSeconds, cpu0, sut.cpu(), receiver.stats());
    Map<String, Map<String, Double>> idle1 = sut.threadCpu();

    // The steady rate runs other code paths than a burst (one row per poll, per batch, per commit):
    // warm those up too before measuring, or the JIT compiling them is most of the figure.
    Phase steadyWarmup = steady(opt("rate", 200), opt("steady-warmup-seconds", 10));
    System.out.println(sut.name() + ": (warm-up) " + steadyWarmup);
    Map<String, Map<String, Double>> steady0 = sut.threadCpu();
    Phase steady = steady(opt("rate", 200), opt("steady-seconds", 20));
    Map<String, Map<String, Double>> steady1 = sut.threadCpu();
    Phase slow = burst("burst, 20 ms receiver", opt("slow-burst", 500), 20);
    String profile =
        profile("idle", idle0, idle1, idleSeconds)
            + profile("steady", steady0, steady1, steady.seconds());

    Map<String, Double> rss = new LinkedHashMap<>(sut.peakRssMib());
    int backlogRows = opt("backlog", burst);
    sut.stopSource();
    receiver.reset(0);
    inserts.burst(backlogRows, 100);
    Map<String, Double> before = sut.cpu();
    long launch = BenchReceiver.nowMicros();
    sut.startSource();
    Receiver.Stats s = receiver.awaitCount(backlogRows, TIMEOUT);
    Phase backlog =
        Phase.of(
            "backlog drain",
            backlogRows,
            (s.lastMicros() - s.firstMicros()) / 1e6,
            before,
            sut.cpu(),
            s);
    double restartToDrained = backlogRows / ((s.lastMicros() - launch) / 1e6);
    System.out.println(backlog);
    sut.peakRssMib().forEach((role, v) -> rss.merge(role, v, Math::max));
    return new Column(
        sut.name(),
        startToFirst,
        warm,
        measured,
        idle,
        steady,
        slow,
        backlog,
        restartToDrained,
        rss,
        profile);
  }

  /**
   * Launches the system while inserting a row every 100 ms; seconds from launch to the first
   * delivery.
   */
  private double start() throws Exception {
    sut.prepare();
    receiver.reset(0);
    long launch = BenchReceiver.nowMicros();
    sut.start();
    int probes = 0;
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (receiver.stats().count() == 0) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(sut.name() + ": nothing delivered within " + TIMEOUT);
      }
      inserts.burst(1, 1);
      probes++;
      Thread.sleep(100);
    }
    // Probes inserted before the slot existed are never captured; wait until the rest arrived.
    Receiver.Stats first = receiver.stats();
    for (long seen = -1; seen != first.count(); ) {
      seen = first.count();
      Thread.sleep(1_500);
      first = receiver.stats();
    }
    System.out.printf("%s: %d of %d start probes delivered%n", sut.name(), first.count(), probes);
    return (first.firstMicros() - launch) / 1e6;
  }

  private Phase burst(String name, int rows, long delayMs) throws Exception {
    receiver.reset(delayMs);
    Map<String, Double> before = sut.cpu();
    long start = BenchReceiver.nowMicros();
    inserts.burst(rows, 100);
    Receiver.Stats s = receiver.awaitCount(rows, TIMEOUT);
    Phase p = Phase.of(name, rows, (s.lastMicros() - start) / 1e6, before, sut.cpu(), s);
    receiver.reset(0);
    System.out.println(sut.name() + ": " + p);
    return p;
  }

  private Phase steady(int perSecond, int seconds) throws Exception {
    receiver.reset(0);
    Map<String, Double> before = sut.cpu();
    long start = BenchReceiver.nowMicros();
    Histogram insertMicros = inserts.steady(perSecond, seconds);
    Receiver.Stats s = receiver.awaitCount((long) perSecond * seconds, TIMEOUT);
    Phase p =
        Phase.of(
                "steady " + perSecond + "/s",
                (long) perSecond * seconds,
                (s.lastMicros() - start) / 1e6,
                before,
                sut.cpu(),
                s)
            .withInserts(
                insertMicros.getValueAtPercentile(50) / 1000.0,
                insertMicros.getMean() / 1000.0,
                insertMicros.getValueAtPercentile(99) / 1000.0);
    System.out.println(sut.name() + ": " + p);
    return p;
  }

  /** The threads that burned the most CPU between two snapshots, per process, in cores. */
  private static String profile(
      String phase,
      Map<String, Map<String, Double>> before,
      Map<String, Map<String, Double>> after,
      double seconds) {
    StringBuilder b = new StringBuilder();
    after.forEach(
        (role, threads) -> {
          Map<String, Double> base = before.getOrDefault(role, Map.of());
          List<Map.Entry<String, Double>> top =
              new ArrayList<>(
                  threads.entrySet().stream()
                      .map(
                          e ->
                              Map.entry(
                                  e.getKey(),
                                  (e.getValue() - base.getOrDefault(e.getKey(), 0.0)) / seconds))
                      .filter(e -> e.getValue() > 0.0005)
                      .toList());
          top.sort(Map.Entry.<String, Double>comparingByValue().reversed());
          b.append(String.format("profile %s, %s (cores by thread):", phase, role));
          top.stream()
              .limit(10)
              .forEach(e -> b.append(String.format(" %s %.3f;", e.getKey(), e.getValue())));
          b.append('\n');
        });
    return b.toString();
  }
}
