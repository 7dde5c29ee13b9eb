package io.posthorn.ops.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import io.posthorn.schema.Topics;
import io.posthorn.schema.task.DeliveryTask;
import io.posthorn.schema.task.TaskRecord;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class ReplayDecisionTest {
  static final Instant T = Instant.parse("2026-01-15T10:00:00Z");
  static final DeadLetterFilter ORDERS =
      new DeadLetterFilter(
          new TreeSet<>(),
          new TreeSet<>(),
          new TreeSet<>(Set.of("order.*")),
          new TreeSet<>(),
          T.minusSeconds(3600),
          T.plusSeconds(3600));
  static final ReplayPlan PLAN =
      new ReplayPlan(
          "rpl-1",
          ORDERS,
          3,
          false,
          Map.of(new TopicPartition(Topics.DLQ, 0), 10L, new TopicPartition(Topics.DLQ, 1), 0L),
          T);

  @Test
  void aSelectedDeadLetterIsReplayed() {
    assertThat(ReplayDecision.of(record("order.completed", 0, null), PLAN))
        .isInstanceOf(ReplayDecision.Replay.class);
  }

  @Test
  void othersAreNotSelected() {
    assertThat(ReplayDecision.of(record("user.created", 0, null), PLAN))
        .isInstanceOf(ReplayDecision.NotSelected.class);
  }

  @Test
  void aFailureOfThisVeryReplayIsSkipped() {
    assertThat(ReplayDecision.of(record("order.completed", 1, "rpl-1"), PLAN))
        .isInstanceOf(ReplayDecision.OwnReplay.class);
  }

  @Test
  void theLoopGuardHoldsBackAtTheMaximumUnlessForced() {
    ReplayPlan forced = new ReplayPlan("rpl-1", ORDERS, 3, true, PLAN.ends(), T);

    assertThat(ReplayDecision.of(record("order.completed", 2, "old"), PLAN))
        .isInstanceOf(ReplayDecision.Replay.class);
    assertThat(ReplayDecision.of(record("order.completed", 3, "old"), PLAN))
        .isEqualTo(new ReplayDecision.HeldBack(3));
    assertThat(ReplayDecision.of(record("order.completed", 3, "old"), forced))
        .isInstanceOf(ReplayDecision.Replay.class);
  }

  @Test
  void aRecordWithoutTaskHeadersIsMalformedNotAnError() {
    ConsumerRecord<byte[], byte[]> bare =
        new ConsumerRecord<>(Topics.DLQ, 0, 5, new byte[0], new byte[0]);

    assertThat(ReplayDecision.of(bare, PLAN)).isInstanceOf(ReplayDecision.Malformed.class);
  }

  @Test
  void thePlanRoundTripsThroughTheCommittedOffsetsMetadata() {
    Map<TopicPartition, OffsetAndMetadata> committed =
        PLAN.checkpoint(
            Map.of(new TopicPartition(Topics.DLQ, 0), 4L, new TopicPartition(Topics.DLQ, 1), 0L));

    ReplayPlan back = ReplayPlan.fromCommitted("rpl-1", committed);

    assertThat(back).isEqualTo(PLAN);
    assertThat(committed.get(new TopicPartition(Topics.DLQ, 0)).offset()).isEqualTo(4);
    assertThat(committed.values())
        .allSatisfy(o -> assertThat(o.metadata().length()).isLessThan(4096));
  }

  private static ConsumerRecord<byte[], byte[]> record(String type, int replays, String replayId) {
    DeliveryTask t =
        DeliveryTask.fresh(
                new DeliveryTask.Identity(
                    "ep_a",
                    "evt-1",
                    type,
                    null,
                    null,
                    null,
                    "{}".getBytes(),
                    new DeliveryTask.Origin("posthorn.events", 0, 1)))
            .attempted(T, 500, "HTTP 500");
    DeliveryTask task =
        new DeliveryTask(
            t.identity(), t.history(), new DeliveryTask.Schedule(null, replays, replayId));
    ProducerRecord<byte[], byte[]> p =
        TaskRecord.encode(
            Topics.DLQ,
            task,
            io.posthorn.schema.task.DeadLetterReason.parse("exhausted: 6 attempts failed"));
    return new ConsumerRecord<>(
        Topics.DLQ,
        0,
        3,
        T.toEpochMilli(),
        TimestampType.CREATE_TIME,
        0,
        0,
        p.key(),
        p.value(),
        p.headers(),
        java.util.Optional.empty());
  }
}
