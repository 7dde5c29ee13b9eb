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
                "ep_1",
                "evt_1",
                "order.created",
                "acme",
                "4bf92f3577b34da6a3ce929d0e0e4736",
                "2026-11-21T11:59:59Z",
                "{\"a\":1}".getBytes(StandardCharsets.UTF_8),
                new DeliveryTask.Origin("posthorn.events", 3, 42))
            .attempted(T1, 503, "HTTP 503")
            .attempted(T2, 0, "SocketTimeoutException: timeout")
            .due(T2.plusSeconds(300));

    DeliveryTask back =
        TaskRecord.decode(asConsumed(TaskRecord.encode("posthorn.retry.5m", task, null)));

    assertThat(back).usingRecursiveComparison().isEqualTo(task);
    assertThat(back.attempts()).isEqualTo(2);
    assertThat(back.firstAttemptAt()).isEqualTo(T1);
  }

  @Test
  void aParkedTaskKeepsItsReasonAndHasNoAttempts() {
    DeliveryTask parked =
        DeliveryTask.fresh(
                "ep_1",
                "evt_1",
                "order.created",
                null,
                null,
                null,
                new byte[] {1},
                new DeliveryTask.Origin("posthorn.events", 0, 1))
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
                "ep_1",
                "evt_1",
                "order.created",
                null,
                null,
                null,
                new byte[] {1},
                new DeliveryTask.Origin("posthorn.events", 0, 1))
            .attempted(T1, 500, "HTTP 500")
            .attempted(T2, 500, "HTTP 500");

    DeliveryTask replayed = dead.replayed("rp_1", T2.plusSeconds(60));
    ProducerRecord<byte[], byte[]> record =
        TaskRecord.encode("posthorn.redeliveries", replayed, null);

    assertThat(replayed.attempts()).isZero();
    assertThat(replayed.replays()).isEqualTo(1);
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
