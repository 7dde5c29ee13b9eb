package io.posthorn.schema.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class TaskRecordTest {
  private static final Instant T1 = Instant.parse("2026-11-21T12:00:00.123Z");
  private static final Instant T2 = Instant.parse("2026-11-21T12:01:00Z");

  @Test
  void aTaskSurvivesTheTripThroughRecordHeaders() {
    DeliveryTask task =
        DeliveryTask.fresh(
                new DeliveryTask.Identity(
                    "ep_1",
                    "evt_1",
                    "order.created",
                    "acme",
                    "4bf92f3577b34da6a3ce929d0e0e4736",
                    "2026-11-21T11:59:59Z",
                    "{\"a\":1}".getBytes(StandardCharsets.UTF_8),
                    new DeliveryTask.Origin("posthorn.events", 3, 42)))
            .attempted(T1, 503, "HTTP 503")
            .attempted(T2, 0, "SocketTimeoutException: timeout")
            .due(T2.plusSeconds(300));

    DeliveryTask back =
        TaskRecord.decode(asConsumed(TaskRecord.encode("posthorn.retry.5m", task, null)));

    assertThat(back).usingRecursiveComparison().isEqualTo(task);
    assertThat(back.history().attempts()).isEqualTo(2);
    assertThat(back.history().firstAttemptAt()).isEqualTo(T1);
  }

  @Test
  void aParkedTaskKeepsItsReasonAndHasNoAttempts() {
    DeliveryTask parked =
        DeliveryTask.fresh(
                new DeliveryTask.Identity(
                    "ep_1",
                    "evt_1",
                    "order.created",
                    null,
                    null,
                    null,
                    new byte[] {1},
                    new DeliveryTask.Origin("posthorn.events", 0, 1)))
            .parked("the endpoint is at its in-flight bound")
            .due(T1);

    ProducerRecord<byte[], byte[]> record = TaskRecord.encode("posthorn.retry.1m", parked, null);

    assertThat(
            new String(
                record.headers().lastHeader("posthorn-parked-reason").value(),
                StandardCharsets.UTF_8))
        .isEqualTo("the endpoint is at its in-flight bound");
    assertThat(record.headers().lastHeader("posthorn-last-error")).isNull();
    assertThat(TaskRecord.decode(asConsumed(record))).usingRecursiveComparison().isEqualTo(parked);
  }

  @Test
  void aReplayedTaskStartsTheLadderOverAndKeepsItsHistory() {
    DeliveryTask dead =
        DeliveryTask.fresh(
                new DeliveryTask.Identity(
                    "ep_1",
                    "evt_1",
                    "order.created",
                    null,
                    null,
                    null,
                    new byte[] {1},
                    new DeliveryTask.Origin("posthorn.events", 0, 1)))
            .attempted(T1, 500, "HTTP 500")
            .attempted(T2, 500, "HTTP 500");

    DeliveryTask replayed = dead.replayed("rp_1", T2.plusSeconds(60));
    ProducerRecord<byte[], byte[]> record =
        TaskRecord.encode("posthorn.redeliveries", replayed, null);

    assertThat(replayed.history().attempts()).isZero();
    assertThat(replayed.schedule().replays()).isEqualTo(1);
    assertThat(
            new String(
                record.headers().lastHeader("posthorn-last-error").value(), StandardCharsets.UTF_8))
        .as("a replayed task's last error is history, not a parking reason")
        .isEqualTo("HTTP 500");
    assertThat(TaskRecord.decode(asConsumed(record)))
        .usingRecursiveComparison()
        .isEqualTo(replayed);
  }

  @Test
  void aDeadLetterParkedAfterAnHttp500KeepsTheFailureAndTheParkReason() {
    DeliveryTask dead =
        task().attempted(T1, 500, "HTTP 500").parked("the endpoint's circuit is open").due(null);

    ProducerRecord<byte[], byte[]> record =
        TaskRecord.encode(
            "posthorn.dead-letters",
            dead,
            DeadLetterReason.of(DeadLetterReason.Cause.DISABLED, "endpoint ep_1 is disabled"));
    DeliveryTask back = TaskRecord.decode(asConsumed(record));

    assertThat(header(record, "posthorn-last-error")).isEqualTo("HTTP 500");
    assertThat(header(record, "posthorn-last-status")).isEqualTo("500");
    assertThat(header(record, "posthorn-parked-reason"))
        .isEqualTo("the endpoint's circuit is open");
    assertThat(back.history().lastError()).isEqualTo("HTTP 500");
    assertThat(back.history().lastStatus()).isEqualTo(500);
    assertThat(back.history().parkReason()).isEqualTo("the endpoint's circuit is open");
    assertThat(back).usingRecursiveComparison().isEqualTo(dead);
  }

  @Test
  void theNextAttemptEndsThePark() {
    DeliveryTask task =
        task().attempted(T1, 500, "HTTP 500").parked("rate limit").attempted(T2, 503, "HTTP 503");

    assertThat(task.history().lastError()).isEqualTo("HTTP 503");
    assertThat(task.history().parkReason()).isNull();
    assertThat(task.history().attempts()).isEqualTo(2);
  }

  @Test
  void recordsWrittenBeforeTheParkReasonHadItsOwnFieldStillDecode() {
    // Exactly what the writer before decision 0031 put on a dead-letter topic for a task that
    // failed twice and was then parked: the park reason in posthorn-last-error.
    RecordHeaders old = new RecordHeaders();
    add(old, "posthorn-event-id", "evt_1");
    add(old, "posthorn-event-type", "order.created");
    add(old, "posthorn-tenant-id", "acme");
    add(old, "posthorn-occurred-at", "2026-11-21T11:59:59Z");
    add(old, "posthorn-endpoint-id", "ep_1");
    add(old, "posthorn-attempts", "2");
    add(old, "posthorn-first-attempt-at", "2026-11-21T12:00:00.123Z");
    add(old, "posthorn-last-attempt-at", "2026-11-21T12:01:00Z");
    add(old, "posthorn-last-status", "500");
    add(old, "posthorn-last-error", "the endpoint is at its in-flight bound");
    add(old, "posthorn-origin-topic", "posthorn.events");
    add(old, "posthorn-origin-partition", "3");
    add(old, "posthorn-origin-offset", "42");
    add(old, "posthorn-dead-letter-reason", "disabled: endpoint ep_1 is disabled");
    add(old, "posthorn-replays", "1");
    add(old, "posthorn-replay-id", "rp_1");
    // And one parked before its first attempt, due on a retry tier.
    RecordHeaders oldParked = new RecordHeaders();
    add(oldParked, "posthorn-event-id", "evt_2");
    add(oldParked, "posthorn-event-type", "order.created");
    add(oldParked, "posthorn-endpoint-id", "ep_1");
    add(oldParked, "posthorn-attempts", "0");
    add(oldParked, "posthorn-parked-reason", "rate limit");
    add(oldParked, "posthorn-origin-topic", "posthorn.events");
    add(oldParked, "posthorn-origin-partition", "0");
    add(oldParked, "posthorn-origin-offset", "7");
    add(oldParked, "posthorn-due-at", Long.toString(T2.toEpochMilli()));

    DeliveryTask dead = TaskRecord.decode(consumed(old, new byte[] {1}));
    DeliveryTask parked = TaskRecord.decode(consumed(oldParked, new byte[] {2}));

    assertThat(dead.identity())
        .usingRecursiveComparison()
        .isEqualTo(
            new DeliveryTask.Identity(
                "ep_1",
                "evt_1",
                "order.created",
                "acme",
                null,
                "2026-11-21T11:59:59Z",
                new byte[] {1},
                new DeliveryTask.Origin("posthorn.events", 3, 42)));
    assertThat(dead.history())
        .as("an old record cannot tell a park reason from a failure: it reads as it was written")
        .isEqualTo(
            new DeliveryTask.History(
                2, T1, T2, 500, "the endpoint is at its in-flight bound", null));
    assertThat(dead.schedule()).isEqualTo(new DeliveryTask.Schedule(null, 1, "rp_1"));
    assertThat(parked.history()).isEqualTo(DeliveryTask.History.NONE.parked("rate limit"));
    assertThat(parked.schedule()).isEqualTo(DeliveryTask.Schedule.NONE.due(T2));
  }

  @Test
  void aRecordMissingAHeaderIsRefusedNamingIt() {
    ConsumerRecord<byte[], byte[]> bare =
        new ConsumerRecord<>(
            "t",
            0,
            0,
            0L,
            TimestampType.CREATE_TIME,
            0,
            0,
            null,
            new byte[0],
            new RecordHeaders(),
            Optional.empty());

    assertThatThrownBy(() -> TaskRecord.decode(bare))
        .hasMessage("task record lacks header posthorn-endpoint-id");
  }

  private static DeliveryTask task() {
    return DeliveryTask.fresh(
        new DeliveryTask.Identity(
            "ep_1",
            "evt_1",
            "order.created",
            null,
            null,
            null,
            new byte[] {1},
            new DeliveryTask.Origin("posthorn.events", 0, 1)));
  }

  private static String header(ProducerRecord<byte[], byte[]> r, String name) {
    return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  private static void add(RecordHeaders h, String name, String value) {
    h.add(name, value.getBytes(StandardCharsets.UTF_8));
  }

  private static ConsumerRecord<byte[], byte[]> consumed(RecordHeaders h, byte[] value) {
    return new ConsumerRecord<>(
        "posthorn.dead-letters",
        0,
        0,
        0L,
        TimestampType.CREATE_TIME,
        0,
        0,
        "ep_1".getBytes(StandardCharsets.UTF_8),
        value,
        h,
        Optional.empty());
  }

  private static ConsumerRecord<byte[], byte[]> asConsumed(ProducerRecord<byte[], byte[]> r) {
    return new ConsumerRecord<>(
        r.topic(),
        0,
        0,
        0L,
        TimestampType.CREATE_TIME,
        0,
        0,
        r.key(),
        r.value(),
        r.headers(),
        Optional.empty());
  }
}
