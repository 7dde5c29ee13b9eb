package io.posthorn.e2e.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The benchmark's summary: median tx/s per mode and the ratios the decisions rest on. */
final class Report {
  private Report() {}

  static void print(Map<WriteMode, List<Double>> results) {
    System.out.println();
    System.out.printf("%-66s %12s%n", "mode", "median tx/s");
    for (var entry : results.entrySet()) {
      System.out.printf("%-66s %,12.0f%n", entry.getKey().label, median(entry.getValue()));
    }
    double business = median(results.get(WriteMode.BUSINESS_ONLY));
    double plain = median(results.get(WriteMode.PLAIN_SQL));
    double emit = median(results.get(WriteMode.EMIT));
    double purge = median(results.get(WriteMode.EMIT_WITH_PURGE));
    double trigger = median(results.get(WriteMode.EMIT_WITH_DISCARD_TRIGGER));
    System.out.println();
    overhead("Outbox.emit with OutboxPurge running (as shipped)", business, purge);
    overhead("Outbox.emit, no housekeeping", business, emit);
    overhead("plain SQL insert, no housekeeping", business, plain);
    System.out.printf(
        "housekeeping, OutboxPurge vs none:             tx/s ratio %.3f%n", purge / emit);
    System.out.printf(
        "housekeeping, insert-then-delete trigger vs none: tx/s ratio %.3f%n", trigger / emit);
  }

  /** Overhead as extra time per transaction: business-only tx/s over emitting tx/s, minus one. */
  private static void overhead(String what, double business, double emitting) {
    double extra = business / emitting - 1;
    System.out.printf(
        "%-50s tx/s ratio %.3f, +%.1f%% time per transaction (goal <= 30%%: %s)%n",
        what + ":", emitting / business, extra * 100, extra <= 0.30 ? "met" : "NOT met");
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
