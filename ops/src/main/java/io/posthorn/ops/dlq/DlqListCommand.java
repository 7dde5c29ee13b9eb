package io.posthorn.ops.dlq;

import io.posthorn.ops.KafkaOptions;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code posthorn dlq list}: the dead letters a filter selects, oldest first. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description =
        "Lists dead letters, oldest first: when, endpoint, event type and id, tenant, attempts, last"
            + " status and the reason. --since and --until seek by timestamp instead of reading the whole topic.",
    footer = {
      "%nExamples:",
      "  posthorn dlq list --endpoint ep_billing --since 6h",
      "  posthorn dlq list --type 'order.*' --reason exhausted --limit 500",
      "  posthorn dlq list --since 2026-01-15 --until 2026-01-16 --json > dlq.jsonl",
      "%nExit codes:",
      "  0  printed (also when nothing matched)",
      "  1  Kafka unreachable within --timeout, or the topic does not exist",
      "  2  bad usage (a malformed filter names the option)"
    })
final class DlqListCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin KafkaOptions kafka;
  @Mixin FilterOptions filters;
  @Mixin TopicOption dlq;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "50",
      description = "Print at most N, the oldest (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(
      names = "--json",
      description =
          "One JSON object per dead letter and line (JSON Lines), with every"
              + " header, instead of a table.")
  boolean json;

  @Override
  public Integer call() {
    if (limit < 1 || limit > 1_000_000) {
      throw new ParameterException(
          spec.commandLine(), "--limit must be between 1 and 1000000, got " + limit);
    }
    DeadLetterFilter filter = filters.filter(Clock.systemUTC());
    Comparator<DeadLetter> order =
        Comparator.comparing(DeadLetter::deadLetteredAt)
            .thenComparingInt(DeadLetter::partition)
            .thenComparingLong(DeadLetter::offset);
    PriorityQueue<DeadLetter> oldest = new PriorityQueue<>(order.reversed());
    long[] counts = new long[2]; // matched, malformed
    kafka.bootstrap();
    try (DeadLetterLog log = new DeadLetterLog(kafka, dlq.topic, null)) {
      log.scan(
          log.starts(filter.since()),
          log.ends(filter.until()),
          r -> {
            try {
              DeadLetter d = DeadLetter.decode(r);
              if (filter.selects(d)) {
                counts[0]++;
                oldest.add(d);
                if (oldest.size() > limit) {
                  oldest.poll();
                }
              }
            } catch (IllegalArgumentException e) {
              counts[1]++;
            }
            return true;
          });
    }
    List<DeadLetter> shown = oldest.stream().sorted(order).toList();
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      shown.forEach(d -> out.println(DeadLetterJson.of(d)));
    } else {
      printTable(out, shown, counts[0], counts[1]);
    }
    out.flush();
    return 0;
  }

  private void printTable(PrintWriter out, List<DeadLetter> shown, long matched, long malformed) {
    if (shown.isEmpty()) {
      out.println("no dead letters match");
    } else {
      TextTable table =
          new TextTable(
              "DEAD-LETTERED",
              "ENDPOINT",
              "TYPE",
              "EVENT ID",
              "TENANT",
              "ATTEMPTS",
              "STATUS",
              "REPLAYS",
              "REASON");
      for (DeadLetter d : shown) {
        table.row(
            DeadLetterStats.seconds(d.deadLetteredAt()),
            d.task().endpointId(),
            d.task().identity().eventType(),
            d.task().eventId(),
            d.task().identity().tenantId(),
            d.task().history().attempts(),
            d.task().history().lastStatus() < 0 ? null : d.task().history().lastStatus(),
            d.task().schedule().replays(),
            d.reason());
      }
      table.print(out);
    }
    if (matched > shown.size()) {
      out.println(
          "showing the oldest "
              + shown.size()
              + " of "
              + matched
              + " matching; narrow with --since or"
              + " raise --limit");
    }
    if (malformed > 0) {
      out.println(malformed + " record(s) do not decode as dead letters and were skipped");
    }
  }
}
