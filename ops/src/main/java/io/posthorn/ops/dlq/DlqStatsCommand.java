package io.posthorn.ops.dlq;

import io.posthorn.ops.KafkaOptions;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code posthorn dlq stats}: dead letters grouped by endpoint, event type and reason. */
@Command(
    name = "stats",
    mixinStandardHelpOptions = true,
    description =
        "Counts dead letters by endpoint, event type and reason, with the oldest and newest"
            + " dead-lettering time of each group; most first.",
    footer = {
      "%nExamples:",
      "  posthorn dlq stats",
      "  posthorn dlq stats --since 1d --reason exhausted",
      "  posthorn dlq stats --json | jq 'select(.count > 100)'",
      "%nExit codes:",
      "  0  printed (also when there are no dead letters)",
      "  1  Kafka unreachable within --timeout, or the topic does not exist",
      "  2  bad usage (a malformed filter names the option)"
    })
final class DlqStatsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin KafkaOptions kafka;
  @Mixin FilterOptions filters;
  @Mixin TopicOption dlq;

  @Option(names = "--json", description = "One JSON object per group and line, instead of a table.")
  boolean json;

  @Override
  public Integer call() {
    DeadLetterFilter filter = filters.filter(Clock.systemUTC());
    kafka.bootstrap();
    DeadLetterStats stats = new DeadLetterStats();
    try (DeadLetterLog log = new DeadLetterLog(kafka, dlq.topic, null)) {
      log.scan(
          log.starts(filter.since()),
          log.ends(filter.until()),
          r -> {
            stats.add(r, filter);
            return true;
          });
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      stats.printJson(out);
    } else {
      stats.printTable(out);
    }
    out.flush();
    return 0;
  }
}
