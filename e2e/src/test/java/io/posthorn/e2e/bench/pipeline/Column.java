package io.posthorn.e2e.bench.pipeline;

import java.util.List;
import java.util.Map;

/** One system's figures from one invocation. */
record Column(
    String name,
    double startToFirstSeconds,
    Phase warmup,
    Phase burst,
    Phase idle,
    Phase steady,
    Phase slow,
    Phase backlog,
    double backlogRestartToDrainedPerSecond,
    Map<String, Double> peakRssMib,
    String profile) {

  long duplicates() {
    return List.of(warmup, burst, steady, slow, backlog).stream()
        .mapToLong(p -> p.stats().duplicates())
        .sum();
  }

  double totalRssMib() {
    return peakRssMib.values().stream().mapToDouble(Double::doubleValue).sum();
  }

  String detail() {
    StringBuilder b = new StringBuilder("\n== " + name + " ==\n");
    b.append(String.format("start -> first event delivered: %.1f s%n", startToFirstSeconds));
    for (Phase p : List.of(warmup, burst, steady, slow, backlog)) {
      b.append(p).append('\n');
    }
    b.append(
        String.format(
            "steady INSERT + COMMIT seen by the writer: p50 %.2f ms, mean %.2f ms, p99 %.2f ms%n",
            steady.insertP50Ms(), steady.insertMeanMs(), steady.insertP99Ms()));
    b.append(
        String.format(
            "idle: %.3f cores (%s over %.0f s)%n", idle.cores(), idle.cpuLine(), idle.seconds()));
    b.append(
        String.format(
            "backlog: %.0f events/s from the restart's launch to the last event%n",
            backlogRestartToDrainedPerSecond));
    b.append("peak RSS MiB: ").append(peakRssMib).append('\n');
    b.append(profile);
    return b.toString();
  }
}
