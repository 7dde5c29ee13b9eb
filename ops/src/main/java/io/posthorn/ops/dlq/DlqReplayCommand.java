package io.posthorn.ops.dlq;

import io.posthorn.ops.KafkaOptions;
import io.posthorn.ops.ProcessShutdown;
import io.posthorn.schema.Topics;
import java.io.Console;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code posthorn dlq replay}: sends a slice of the dead-letter topic to be delivered again. */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "Replays the dead letters a filter selects: each goes to the redeliveries topic with its attempt count"
          + " back to 0 and the same webhook-id, and a worker delivers it again through the whole retry ladder.",
      "Safe to interrupt: each replay has an id, progress is committed about once a second together with what"
          + " was sent (one Kafka transaction), and running the same --replay-id again resumes it without sending"
          + " anything twice. The slice ends where the topic ended when the replay started, so deliveries that"
          + " fail again are not replayed by the same replay; a dead letter already replayed --max-replays times"
          + " is held back unless --force."
    },
    footer = {
      "%nExamples:",
      "  posthorn dlq replay --endpoint ep_billing --since 2026-01-15T08:00Z --dry-run",
      "  posthorn dlq replay --endpoint ep_billing --since 2026-01-15T08:00Z --rate 20",
      "  posthorn dlq replay --replay-id rpl-20260115T101500-3f2a   # resume it",
      "  posthorn dlq replay --all --rate 100                      # the whole topic",
      "%nExit codes:",
      "  0    complete, or already complete (nothing sent twice); a dry run counted",
      "  1    failed: Kafka unreachable, a topic missing, a write refused",
      "  2    bad usage: a malformed filter, no filter and no --all, or other",
      "       filters than those of the replay being resumed",
      "  3    stopped before the end; progress is committed: the same --replay-id",
      "       resumes it",
      "  130  Ctrl-C, after committing progress: the same --replay-id resumes it"
    })
final class DlqReplayCommand implements Callable<Integer> {
  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

  @Spec CommandSpec spec;
  @Mixin KafkaOptions kafka;
  @Mixin FilterOptions filters;
  @Mixin TopicOption dlq;

  @Option(
      names = "--all",
      description = "Replay every dead letter (a replay needs a filter otherwise).")
  boolean all;

  @Option(
      names = "--replay-id",
      paramLabel = "ID",
      description =
          "Resume this replay, or start one with this id (default: a new rpl-<time>-<random>).")
  String replayId;

  @Option(names = "--dry-run", description = "Count what would be replayed; write nothing.")
  boolean dryRun;

  @Option(
      names = "--rate",
      paramLabel = "PER_SECOND",
      defaultValue = "10",
      description = "Deliveries per second at most (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(
      names = "--max-replays",
      paramLabel = "N",
      defaultValue = "3",
      description =
          "Loop guard: hold back dead letters already replayed N times (default: ${DEFAULT-VALUE}).")
  int maxReplays;

  @Option(names = "--force", description = "Replay dead letters the loop guard would hold back.")
  boolean force;

  @Option(
      names = "--redeliveries-topic",
      paramLabel = "TOPIC",
      defaultValue = Topics.REDELIVERIES,
      description = "Where replayed deliveries go (default: ${DEFAULT-VALUE}).")
  String redeliveriesTopic;

  @Option(
      names = "--progress",
      paramLabel = "MODE",
      defaultValue = "auto",
      description =
          "bar, lines or auto: a bar on a terminal, lines otherwise (default: ${DEFAULT-VALUE}).")
  String progress;

  Clock clock = Clock.systemUTC();

  @Override
  public Integer call() {
    ReplayPlan requested = plan();
    PrintWriter out = spec.commandLine().getOut();
    ReplayListener display =
        new TerminalProgress(spec.commandLine().getErr(), terminal(), dryRun, System::nanoTime);
    ReplayRun run = new ReplayRun(kafka, dlq.topic, redeliveriesTopic, clock, display);
    if (dryRun) {
      return report(out, run.dryRun(requested));
    }
    CountDownLatch reported = new CountDownLatch(1);
    ProcessShutdown.install(
        "replay " + requested.replayId(),
        Duration.ofSeconds(30),
        () -> {
          run.requestStop();
          await(reported);
        });
    try {
      return report(out, run.run(requested, all, Pacer.realTime(rate)));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    } finally {
      reported.countDown();
    }
  }

  private ReplayPlan plan() {
    if (!(rate > 0) || rate > 100_000) {
      throw new ParameterException(
          spec.commandLine(), "--rate must be above 0 and at most 100000, got " + rate);
    }
    if (maxReplays < 1) {
      throw new ParameterException(
          spec.commandLine(), "--max-replays must be at least 1, got " + maxReplays);
    }
    if (!progress.matches("auto|bar|lines")) {
      throw new ParameterException(
          spec.commandLine(), "--progress must be auto, bar or lines, got " + progress);
    }
    DeadLetterFilter filter = filters.filter(clock);
    if (filter.selectsEverything() && !all && replayId == null) {
      throw new ParameterException(
          spec.commandLine(),
          "a replay needs a filter (--endpoint, --tenant, --type,"
              + " --reason, --since, --until) or --all, or --replay-id to resume one");
    }
    if (filter.selectsEverything() && !all && dryRun) {
      throw new ParameterException(
          spec.commandLine(),
          "a dry run needs a filter or --all (it counts what those"
              + " select; it does not read a stored replay's plan)");
    }
    String id;
    try {
      id = replayId == null ? newId(clock.instant()) : ReplayPlan.checkId(replayId);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    kafka.bootstrap();
    return new ReplayPlan(id, filter, maxReplays, force, Map.of(), clock.instant());
  }

  private int report(PrintWriter out, ReplayOutcome outcome) {
    int exit =
        switch (outcome) {
          case ReplayOutcome.Completed c -> {
            out.println("replay " + c.replayId() + " complete: " + c.counts().summary());
            yield 0;
          }
          case ReplayOutcome.AlreadyComplete a -> {
            out.println("replay " + a.replayId() + " was already complete: nothing sent again");
            yield 0;
          }
          case ReplayOutcome.Stopped s -> {
            out.println(
                "replay "
                    + s.replayId()
                    + " stopped, progress committed: "
                    + s.counts().summary()
                    + ". Resume with: posthorn dlq replay --replay-id "
                    + s.replayId());
            yield 3;
          }
          case ReplayOutcome.DryRun d -> {
            out.println(
                "dry run: would replay "
                    + d.counts().replayed()
                    + " dead letter(s) at "
                    + rate
                    + "/s (about "
                    + TerminalProgress.format(
                        Duration.ofSeconds((long) Math.ceil(d.counts().replayed() / rate)))
                    + "): "
                    + d.counts().summary()
                    + ". Nothing was written.");
            yield 0;
          }
        };
    out.flush();
    return exit;
  }

  private boolean terminal() {
    if (!progress.equals("auto")) {
      return progress.equals("bar");
    }
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try { // Console.isTerminal() exists from Java 22; before that a console means a terminal
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }

  private static String newId(Instant now) {
    return "rpl-"
        + ID_TIME.format(now)
        + "-"
        + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt(1 << 16));
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(25, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
