package io.posthorn.e2e.bench.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One measured workload of one system: events delivered, the time it took, the CPU each role burned
 * meanwhile, and the receiver's ledger (duplicates, insert → POST latency).
 */
record Phase(
    String name,
    long events,
    double seconds,
    Map<String, Double> cpu,
    Receiver.Stats stats,
    double insertP50Ms,
    double insertMeanMs,
    double insertP99Ms) {

  static Phase of(
      String name,
      long events,
      double seconds,
      Map<String, Double> before,
      Map<String, Double> after,
      Receiver.Stats stats) {
    return new Phase(
        name, events, seconds, delta(before, after), stats, Double.NaN, Double.NaN, Double.NaN);
  }

  Phase withInserts(double p50Ms, double meanMs, double p99Ms) {
    return new Phase(name, events, seconds, cpu, stats, p50Ms, meanMs, p99Ms);
  }

  static Map<String, Double> delta(Map<String, Double> before, Map<String, Double> after) {
    Map<String, Double> d = new LinkedHashMap<>();
    after.forEach((role, v) -> d.put(role, v - before.getOrDefault(role, 0.0)));
    return d;
  }

  double perSecond() {
    return events / seconds;
  }

  double totalCpu() {
    return cpu.values().stream().mapToDouble(Double::doubleValue).sum();
  }

  /** CPU seconds per 1,000 events, all roles. */
  double cpuPerThousand() {
    return totalCpu() / (events / 1000.0);
  }

  double cpuPerThousand(String role) {
    return cpu.getOrDefault(role, 0.0) / (events / 1000.0);
  }

  /** Cores used on average over the phase, all roles. */
  double cores() {
    return totalCpu() / seconds;
  }

  String cpuLine() {
    StringBuilder b = new StringBuilder();
    cpu.forEach((role, v) -> b.append(String.format("%s %.2f  ", role, v)));
    return b.toString().strip();
  }

  @Override
  public String toString() {
    return String.format(
        "%-22s %7d events in %7.2f s = %8.0f/s; CPU-s %6.2f (%s) = %.3f per 1000; "
            + "latency p50/p99/p999/max %.1f/%.1f/%.1f/%.1f ms; duplicates %d, unreadable %d",
        name,
        events,
        seconds,
        perSecond(),
        totalCpu(),
        cpuLine(),
        cpuPerThousand(),
        stats.p50() / 1000.0,
        stats.p99() / 1000.0,
        stats.p999() / 1000.0,
        stats.max() / 1000.0,
        stats.duplicates(),
        stats.unreadable());
  }
}
