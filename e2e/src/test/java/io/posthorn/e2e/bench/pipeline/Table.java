package io.posthorn.e2e.bench.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The summary: one row per figure, one column per system, and each Posthorn column over Debezium's.
 */
final class Table {
  private Table() {}

  static String render(List<Column> columns, int burst, int warmup, Map<String, String> options) {
    Optional<Column> base =
        columns.stream().filter(c -> c.name().startsWith("Debezium")).findFirst();
    List<Column> others = columns.stream().filter(c -> !c.name().startsWith("Debezium")).toList();
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            "%nWhole pipeline, one invocation (burst %,d rows after a warm-up burst of %,d; "
                + "backlog %,d; steady %s/s for %s s after %s s of it as warm-up; 20 ms receiver burst %s)%n%n",
            burst,
            warmup,
            Integer.parseInt(options.getOrDefault("backlog", String.valueOf(burst))),
            options.getOrDefault("rate", "200"),
            options.getOrDefault("steady-seconds", "20"),
            options.getOrDefault("steady-warmup-seconds", "10"),
            options.getOrDefault("slow-burst", "500")));
    List<String> header = new ArrayList<>(List.of("figure"));
    columns.forEach(c -> header.add(c.name()));
    base.ifPresent(d -> others.forEach(c -> header.add(c.name() + " / Debezium")));
    b.append(row(header)).append(row(header.stream().map(h -> "---").toList()));
    Row rows = new Row(b, columns, base, others);
    rows.add("burst, events/s", c -> c.burst().perSecond(), "%,.0f");
    rows.add("warm-up burst, events/s", c -> c.warmup().perSecond(), "%,.0f");
    rows.add("backlog drain, events/s (first to last POST)", c -> c.backlog().perSecond(), "%,.0f");
    rows.add(
        "backlog, events/s from the restart's launch",
        Column::backlogRestartToDrainedPerSecond,
        "%,.0f");
    rows.add("steady: insert -> POST p50, ms", c -> c.steady().stats().p50() / 1000.0, "%.1f");
    rows.add("steady: p99, ms", c -> c.steady().stats().p99() / 1000.0, "%.1f");
    rows.add("steady: p999, ms", c -> c.steady().stats().p999() / 1000.0, "%.1f");
    rows.add("steady: max, ms", c -> c.steady().stats().max() / 1000.0, "%.1f");
    rows.add("steady: cores used, all processes", c -> c.steady().cores(), "%.3f");
    rows.add("steady: CPU-s per 1,000 events", c -> c.steady().cpuPerThousand(), "%.3f");
    rows.add(
        "steady: INSERT time seen by the writer, mean ms", c -> c.steady().insertMeanMs(), "%.2f");
    rows.add("steady: INSERT time, p99 ms", c -> c.steady().insertP99Ms(), "%.2f");
    rows.add("idle, cores", c -> c.idle().cores(), "%.3f");
    rows.add(
        "burst: CPU-s per 1,000 events, all processes", c -> c.burst().cpuPerThousand(), "%.3f");
    rows.add("burst, receiver answering after 20 ms: events/s", c -> c.slow().perSecond(), "%,.0f");
    rows.add(
        "20 ms receiver / 0 ms burst", c -> c.slow().perSecond() / c.burst().perSecond(), "%.2f");
    rows.add("start -> first event delivered, s", Column::startToFirstSeconds, "%.1f");
    rows.add("peak RSS, all processes, MiB", Column::totalRssMib, "%,.0f");
    rows.add("duplicates", c -> (double) c.duplicates(), "%.0f");
    b.append(
        "\nPer process (role: burst CPU-s per 1,000 / steady cores / idle cores / peak RSS MiB):\n");
    for (Column c : columns) {
      b.append("  ").append(c.name()).append(": ");
      for (String role : c.peakRssMib().keySet()) {
        b.append(
            String.format(
                "%s %.3f / %.3f / %.3f / %.0f;  ",
                role,
                c.burst().cpuPerThousand(role),
                c.steady().cpu().getOrDefault(role, 0.0) / c.steady().seconds(),
                c.idle().cpu().getOrDefault(role, 0.0) / c.idle().seconds(),
                c.peakRssMib().get(role)));
      }
      b.append('\n');
    }
    return b.toString();
  }

  private static String row(List<String> cells) {
    return "| " + String.join(" | ", cells) + " |\n";
  }

  private record Row(
      StringBuilder out, List<Column> columns, Optional<Column> base, List<Column> others) {
    void add(String figure, Function<Column, Double> value, String format) {
      List<String> cells = new ArrayList<>(List.of(figure));
      columns.forEach(c -> cells.add(String.format(format, value.apply(c))));
      base.ifPresent(
          d ->
              others.forEach(
                  c ->
                      cells.add(
                          value.apply(d) == 0
                              ? "–"
                              : String.format("%.2f", value.apply(c) / value.apply(d)))));
      out.append(row(cells));
    }
  }
}
