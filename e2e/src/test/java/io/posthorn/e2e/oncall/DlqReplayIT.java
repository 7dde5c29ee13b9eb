package io.posthorn.e2e.oncall;

import static io.posthorn.devstack.KafkaHeaders.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.posthorn.e2e.oncall.DeadLetterTopic.Letter;
import io.posthorn.schema.EventHeaders;
import io.posthorn.schema.task.DeliveryTask;
import io.posthorn.schema.task.TaskRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * {@code posthorn dlq replay} against a real broker: the slice, once, resumable, paced,
 * loop-guarded.
 */
class DlqReplayIT {
  static final Instant BASE =
      Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.MINUTES);
  final DeadLetterTopic topics = new DeadLetterTopic();

  /**
   * 60 dead letters, one a minute: endpoints ep_a/ep_b alternating, every third an order, reasons
   * mixed.
   */
  static List<Letter> mixed() {
    return IntStream.range(0, 60)
        .mapToObj(
            i ->
                new Letter(
                    i % 2 == 0 ? "ep_a" : "ep_b",
                    i % 3 == 0 ? "order.completed" : "user.created",
                    i % 4 == 0 ? "acme" : null,
                    i % 5 == 0 ? "gone: the endpoint answered 410" : "exhausted: 6 attempts failed",
                    BASE.plus(Duration.ofMinutes(i))))
        .toList();
  }

  @Test
  void replaysExactlyTheFilteredSliceOnce_andRunningItAgainSendsNothing() throws Exception {
    List<Letter> letters = mixed();
    topics.write(letters);
    Instant since = BASE.plus(Duration.ofMinutes(10));
    Instant until = BASE.plus(Duration.ofMinutes(40));
    Predicate<Letter> slice =
        l ->
            l.endpoint().equals("ep_a")
                && l.type().equals("order.completed")
                && !l.at().isBefore(since)
                && l.at().isBefore(until);
    List<String> expected = letters.stream().filter(slice).map(Letter::eventId).toList();
    String[] args =
        replay(
            "--endpoint",
            "ep_a",
            "--type",
            "order.*",
            "--since",
            since.toString(),
            "--until",
            until.toString(),
            "--replay-id",
            "rpl-slice",
            "--rate",
            "1000");

    Cli.Result first = Cli.run(args);
    Cli.Result again = Cli.run(args);

    assertThat(expected).hasSize(5);
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.out()).startsWith("replay rpl-slice complete: 5 replayed");
    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(again.out()).contains("replay rpl-slice was already complete: nothing sent again");
    List<ConsumerRecord<byte[], byte[]>> sent = topics.committed(topics.redeliveries);
    assertThat(sent)
        .extracting(r -> header(r, EventHeaders.EVENT_ID))
        .containsExactlyInAnyOrderElementsOf(expected);
    for (ConsumerRecord<byte[], byte[]> r : sent) {
      DeliveryTask task = TaskRecord.decode(r);
      Letter original =
          letters.stream()
              .filter(l -> l.eventId().equals(task.eventId()))
              .findFirst()
              .orElseThrow();
      assertThat(task.history().attempts()).isZero();
      assertThat(task.schedule().replays()).isEqualTo(1);
      assertThat(task.schedule().replayId()).isEqualTo("rpl-slice");
      assertThat(task.identity().body()).isEqualTo(original.body());
      assertThat(task.endpointId()).isEqualTo("ep_a");
      assertThat(task.history().lastAttemptAt()).isEqualTo(original.at());
      assertThat(task.schedule().dueAt()).isNotNull();
      assertThat(header(r, EventHeaders.DEAD_LETTER_REASON)).isNull();
    }
  }

  @Test
  void dryRunCountsWhatWouldBeReplayedAndWritesNothing() throws Exception {
    topics.write(mixed());

    Cli.Result r = Cli.run(replay("--reason", "gone", "--dry-run", "--rate", "4"));

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out())
        .startsWith(
            "dry run: would replay 12 dead letter(s) at 4.0/s (about 3s): 12 replayed,"
                + " 48 not selected; 60 scanned")
        .contains("Nothing was written.");
    assertThat(topics.committed(topics.redeliveries)).isEmpty();
  }

  @Test
  void aReplayKilledMidwayAndResumedSendsEveryDeadLetterExactlyOnce() throws Exception {
    List<Letter> letters =
        IntStream.range(0, 200)
            .mapToObj(
                i ->
                    new Letter(
                        "ep_a",
                        "order.completed",
                        null,
                        "exhausted: 6 attempts failed",
                        BASE.plus(Duration.ofSeconds(i))))
            .toList();
    topics.write(letters);
    String[] args = replay("--all", "--replay-id", "rpl-killed", "--rate", "40");

    int sentBeforeKill;
    try (Cli.Child child = new Cli.Child(args)) {
      await()
          .atMost(Duration.ofSeconds(90))
          .until(
              () -> topics.committed(topics.redeliveries).size() >= 30 || !child.process.isAlive());
      assertThat(child.process.isAlive()).as("still replaying: %s", child.lines()).isTrue();
      child.process.destroyForcibly().waitFor();
      sentBeforeKill = topics.committed(topics.redeliveries).size();
    }
    Cli.Result resumed = Cli.run(args);

    assertThat(sentBeforeKill).isBetween(30, 199);
    assertThat(resumed.exit()).as(resumed.err()).isZero();
    assertThat(resumed.err()).contains("resuming replay rpl-killed");
    assertThat(resumed.out())
        .startsWith("replay rpl-killed complete: " + (200 - sentBeforeKill) + " replayed");
    List<String> ids =
        topics.committed(topics.redeliveries).stream()
            .map(r -> header(r, EventHeaders.EVENT_ID))
            .toList();
    assertThat(ids)
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(letters.stream().map(Letter::eventId).toList());
  }

  @Test
  void theRateCapHoldsOverTheRun() throws Exception {
    topics.write(
        IntStream.range(0, 31)
            .mapToObj(
                i ->
                    new Letter(
                        "ep_b",
                        "user.created",
                        null,
                        "exhausted: 6 attempts failed",
                        BASE.plus(Duration.ofSeconds(i))))
            .toList());

    Cli.Result r = Cli.run(replay("--endpoint", "ep_b", "--rate", "20"));

    assertThat(r.exit()).as(r.err()).isZero();
    List<Long> sentAt =
        topics.committed(topics.redeliveries).stream()
            .map(ConsumerRecord::timestamp)
            .sorted()
            .toList();
    assertThat(sentAt).hasSize(31);
    double seconds = (sentAt.get(30) - sentAt.get(0)) / 1000.0;
    // 30 intervals at 20/s take 1.5 s at least; a loaded machine only makes it slower.
    assertThat(30 / seconds)
        .as("measured rate over %.2f s", seconds)
        .isLessThanOrEqualTo(20 * 1.05);
  }

  @Test
  void theLoopGuardHoldsBackOftenReplayedAndOwnFailures_forceReplaysTheOften() throws Exception {
    List<Letter> letters = new ArrayList<>();
    letters.add(new Letter("ep_a", "order.completed", null, "exhausted: x", BASE));
    letters.add(
        new Letter("ep_a", "order.completed", null, "exhausted: x", BASE.plusSeconds(1))
            .replayed(3, "old"));
    letters.add(
        new Letter("ep_a", "order.completed", null, "exhausted: x", BASE.plusSeconds(2))
            .replayed(1, "rpl-g"));
    topics.write(letters);

    Cli.Result guarded =
        Cli.run(replay("--endpoint", "ep_a", "--replay-id", "rpl-g", "--rate", "1000"));
    Cli.Result forced =
        Cli.run(
            replay("--endpoint", "ep_a", "--replay-id", "rpl-forced", "--force", "--rate", "1000"));

    assertThat(guarded.exit()).as(guarded.err()).isZero();
    assertThat(guarded.out())
        .startsWith(
            "replay rpl-g complete: 1 replayed, 1 held back by the loop guard"
                + " (replayed too often; --force), 1 skipped (failed again within this replay)");
    assertThat(forced.out()).startsWith("replay rpl-forced complete: 3 replayed");
    List<ConsumerRecord<byte[], byte[]>> sent = topics.committed(topics.redeliveries);
    assertThat(sent)
        .filteredOn(r -> "rpl-g".equals(header(r, EventHeaders.REPLAY_ID)))
        .extracting(r -> header(r, EventHeaders.EVENT_ID))
        .containsExactly(letters.get(0).eventId());
    assertThat(sent)
        .filteredOn(r -> letters.get(1).eventId().equals(header(r, EventHeaders.EVENT_ID)))
        .extracting(r -> header(r, EventHeaders.REPLAYS))
        .containsExactly("4");
  }

  @Test
  void resumingWithOtherFiltersIsRefused() throws Exception {
    topics.write(mixed());
    Cli.run(replay("--endpoint", "ep_a", "--replay-id", "rpl-f", "--rate", "1000"));

    Cli.Result r = Cli.run(replay("--endpoint", "ep_b", "--replay-id", "rpl-f"));

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err())
        .contains(
            "replay rpl-f was started with --endpoint ep_a; to resume it, give the same"
                + " filters or none");
  }

  private String[] replay(String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "dlq",
                "replay",
                "--bootstrap",
                topics.bootstrap,
                "--topic",
                topics.dlq,
                "--redeliveries-topic",
                topics.redeliveries,
                "--progress",
                "lines"));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }
}
