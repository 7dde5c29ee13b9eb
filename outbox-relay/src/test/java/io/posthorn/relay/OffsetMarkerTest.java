package io.posthorn.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.debezium.engine.DebeziumEngine.Offsets;
import io.debezium.engine.DebeziumEngine.RecordCommitter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OffsetMarkerTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final Committer committer = new Committer();
  private final List<CapturedRow> acknowledged = new CopyOnWriteArrayList<>();
  private final OffsetMarker<String> marker = new OffsetMarker<>("test-marker", acknowledged::add);

  @AfterEach
  void close() {
    marker.close();
  }

  @Test
  void marksInCaptureOrderEvenWhenLaterRecordsAreAcknowledgedFirst() throws InterruptedException {
    CompletableFuture<RecordMetadata> first = new CompletableFuture<>();
    CompletableFuture<RecordMetadata> second = new CompletableFuture<>();
    marker.submit(List.of(pending("a", first), pending("b", second), pending("heartbeat", null)));

    second.complete(null);
    assertThat(marker.awaitDrained(Duration.ofMillis(200)))
        .isFalse(); // cannot drain: "a" is unacknowledged
    assertThat(committer.marked).isEmpty();

    first.complete(null);
    await().atMost(WAIT).until(() -> committer.marked.size() == 3);
    assertThat(committer.marked).containsExactly("a", "b", "heartbeat");
  }

  @Test
  void neverMarksPastAFailedAck_andReportsTheFailure() {
    CompletableFuture<RecordMetadata> failed = new CompletableFuture<>();
    marker.submit(
        List.of(
            pending("a", CompletableFuture.completedFuture(null)),
            pending("b", failed),
            pending("c", CompletableFuture.completedFuture(null))));

    failed.completeExceptionally(
        new org.apache.kafka.common.errors.TimeoutException("broker gone"));

    assertThatThrownBy(() -> marker.awaitUnackedAtMost(0))
        .isInstanceOf(RelayException.class)
        .hasMessageContaining("Kafka did not acknowledge")
        .hasRootCauseMessage("broker gone");
    assertThat(committer.marked).containsExactly("a");
    assertThatThrownBy(marker::throwIfFailed).isInstanceOf(RelayException.class);
  }

  @Test
  void awaitUnackedAtMostReturnsOnceFewEnoughBatchesAreOutstanding() throws Exception {
    CompletableFuture<RecordMetadata> ack = new CompletableFuture<>();
    marker.submit(List.of(pending("a", ack)));
    marker.submit(List.of(pending("b", CompletableFuture.completedFuture(null))));

    CompletableFuture<Void> waiter =
        CompletableFuture.runAsync(
            () -> {
              try {
                marker.awaitUnackedAtMost(0);
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    assertThat(waiter).isNotDone();
    ack.complete(null);

    waiter.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(committer.marked).containsExactly("a", "b");
  }

  @Test
  void onlyAMarkedRecordFromTheWalIsProgress_notOneDebeziumMadeUp_norOneStuckBehindAFailedAck() {
    CompletableFuture<RecordMetadata> failed = new CompletableFuture<>();
    marker.submit(
        List.of(
            new OffsetMarker.Pending<>("debezium-heartbeat", null, null, committer, false),
            pending("row", failed),
            pending("wal-heartbeat", null)));
    failed.completeExceptionally(
        new org.apache.kafka.common.errors.RecordTooLargeException("too large"));

    await().atMost(WAIT).until(() -> marker.failure().isPresent());
    assertThat(committer.marked).containsExactly("debezium-heartbeat");
    assertThat(marker.progressed()).isFalse();
  }

  @Test
  void aMarkedHeartbeatFromTheWalIsProgress() {
    marker.submit(List.of(pending("wal-heartbeat", null)));

    await().atMost(WAIT).until(marker::progressed);
    assertThat(committer.marked).containsExactly("wal-heartbeat");
  }

  @Test
  void tellsTheListenerAboutEachSentRowOnceMarked_notAboutHeartbeats() {
    CapturedRow row = new CapturedRow.Invalid("id-1", "bad", Map.of());
    marker.submit(
        List.of(
            new OffsetMarker.Pending<>(
                "a", CompletableFuture.completedFuture(null), row, committer, true),
            pending("heartbeat", null)));

    await().atMost(WAIT).until(() -> committer.marked.size() == 2);
    assertThat(acknowledged).containsExactly(row);
  }

  private OffsetMarker.Pending<String> pending(
      String record, CompletableFuture<RecordMetadata> ack) {
    CapturedRow row = ack == null ? null : new CapturedRow.Invalid(record, "test", Map.of());
    return new OffsetMarker.Pending<>(record, ack, row, committer, true);
  }

  /** Records marks; markBatchFinished is the flush, which these tests do not need. */
  private static final class Committer implements RecordCommitter<String> {
    final List<String> marked = new CopyOnWriteArrayList<>();

    @Override
    public void markProcessed(String record) {
      marked.add(record);
    }

    @Override
    public void markBatchFinished() {}

    @Override
    public void markProcessed(String record, Offsets sourceOffsets) {
      marked.add(record);
    }

    @Override
    public Offsets buildOffsets() {
      throw new UnsupportedOperationException();
    }
  }
}
