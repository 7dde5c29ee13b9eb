package io.posthorn.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {
  private static final TopicPartition P0 = new TopicPartition("posthorn.events", 0);
  private static final TopicPartition P1 = new TopicPartition("posthorn.events", 1);

  private final OffsetTracker tracker = new OffsetTracker();

  @Test
  void commitsOnlyUpToLowestUnfinishedOffset() {
    polled(P0, 10, 11, 12);
    tracker.finished(P0, 12);
    tracker.finished(P0, 11);

    assertThat(tracker.committable()).isEqualTo(Map.of(P0, new OffsetAndMetadata(10)));
  }

  @Test
  void laterFinishesNeverPassAnUnfinishedOffset() {
    polled(P0, 10, 11, 12, 13);
    tracker.finished(P0, 10);
    tracker.finished(P0, 12);
    tracker.finished(P0, 13);

    assertThat(tracker.committable()).isEqualTo(Map.of(P0, new OffsetAndMetadata(11)));
  }

  @Test
  void jumpsPastEverythingOnceTheGapFinishes() {
    polled(P0, 10, 11, 12);
    tracker.finished(P0, 12);
    tracker.finished(P0, 11);
    tracker.committable();

    tracker.finished(P0, 10);

    assertThat(tracker.committable()).isEqualTo(Map.of(P0, new OffsetAndMetadata(13)));
  }

  @Test
  void allFinishedCommitsPastHighestPolledEvenWithOffsetGaps() {
    polled(P0, 3, 4, 7);
    tracker.finished(P0, 7);
    tracker.finished(P0, 3);
    tracker.finished(P0, 4);

    assertThat(tracker.committable()).isEqualTo(Map.of(P0, new OffsetAndMetadata(8)));
  }

  @Test
  void reportsNothingWhenNothingMovedSinceLastCall() {
    polled(P0, 5);
    tracker.finished(P0, 5);
    tracker.committable();

    assertThat(tracker.committable()).isEmpty();
  }

  @Test
  void reportsNothingWhenOnlyLaterOffsetsFinishedSinceLastCall() {
    polled(P0, 5, 6);
    tracker.committable();

    tracker.finished(P0, 6);

    assertThat(tracker.committable()).isEmpty();
  }

  @Test
  void countsOpenRecordsAcrossPartitions() {
    polled(P0, 1, 2);
    polled(P1, 1);
    tracker.finished(P0, 2);

    assertThat(tracker.open()).isEqualTo(2);
  }

  @Test
  void settledOnlyOnceNothingIsOpenAndTheCommitPointIsConfirmed() {
    assertThat(tracker.settled()).as("nothing polled").isTrue();
    polled(P0, 10);
    assertThat(tracker.settled()).as("in flight").isFalse();
    tracker.finished(P0, 10);
    assertThat(tracker.settled()).as("resolved, not committed").isFalse();
    Map<TopicPartition, OffsetAndMetadata> offered = tracker.committable();
    assertThat(tracker.settled()).as("its commit awaiting the answer").isFalse();
    tracker.failed(offered);
    assertThat(tracker.settled()).as("its commit refused").isFalse();
    tracker.confirmed(tracker.committable());

    assertThat(tracker.settled()).isTrue();
    assertThat(tracker.committable()).as("settled() offers nothing itself").isEmpty();
  }

  @Test
  void forgetDropsAPartition() {
    polled(P0, 5, 6);
    tracker.finished(P0, 5);

    tracker.forget(List.of(P0));

    assertThat(tracker.committable()).isEmpty();
    assertThat(tracker.open()).isZero();
  }

  @Test
  void finishAfterForgetIsIgnored() {
    polled(P0, 5);
    tracker.forget(List.of(P0));

    tracker.finished(P0, 5);

    assertThat(tracker.committable()).isEmpty();
  }

  @Test
  void forgetLeavesOtherPartitionsAlone() {
    polled(P0, 5);
    polled(P1, 8);
    tracker.finished(P1, 8);

    tracker.forget(List.of(P0));

    assertThat(tracker.committable()).isEqualTo(Map.of(P1, new OffsetAndMetadata(9)));
  }

  @Test
  void tracksPartitionsIndependently() {
    polled(P0, 1, 2);
    polled(P1, 100);
    tracker.finished(P0, 2);
    tracker.finished(P1, 100);

    assertThat(tracker.committable())
        .isEqualTo(Map.of(P0, new OffsetAndMetadata(1), P1, new OffsetAndMetadata(101)));
  }

  @Test
  void offersAFailedCommitAgainEvenWhenThePartitionWentIdle() {
    polled(P0, 5);
    tracker.finished(P0, 5);
    Map<TopicPartition, OffsetAndMetadata> attempt = tracker.committable();

    tracker.failed(attempt);

    assertThat(tracker.committable()).isEqualTo(Map.of(P0, new OffsetAndMetadata(6)));
  }

  @Test
  void offersNothingOnceKafkaConfirmed() {
    polled(P0, 5);
    tracker.finished(P0, 5);

    tracker.confirmed(tracker.committable());

    assertThat(tracker.committable()).isEmpty();
    assertThat(tracker.unconfirmed(List.of(P0))).isEmpty();
  }

  @Test
  void theSynchronousCommitOnRevokeIncludesOffsetsStillAwaitingTheirAnswer() {
    polled(P0, 5);
    polled(P1, 9);
    tracker.finished(P0, 5);
    tracker.committable(); // P0@6 and P1@9 sent, no answer yet

    assertThat(tracker.unconfirmed(List.of(P0))).isEqualTo(Map.of(P0, new OffsetAndMetadata(6)));
  }

  @Test
  void aLateConfirmationOfAnOlderCommitDoesNotHideANewerOffset() {
    polled(P0, 5);
    polled(P0, 6);
    tracker.finished(P0, 5);
    Map<TopicPartition, OffsetAndMetadata> older = tracker.committable(); // 6
    tracker.finished(P0, 6);
    tracker.committable(); // 7, awaiting

    tracker.confirmed(older);

    assertThat(tracker.unconfirmed(List.of(P0))).isEqualTo(Map.of(P0, new OffsetAndMetadata(7)));
  }

  @Test
  void awaitFinishedReturnsOnceTheRecordsOfThosePartitionsFinish() throws Exception {
    polled(P0, 1);
    polled(P1, 1);
    Thread.ofPlatform().start(() -> tracker.finished(P0, 1));

    assertThat(tracker.awaitFinished(List.of(P0), java.time.Duration.ofSeconds(10))).isTrue();
    assertThat(tracker.awaitFinished(List.of(P1), java.time.Duration.ofMillis(20))).isFalse();
  }

  private void polled(TopicPartition tp, long... offsets) {
    for (long offset : offsets) {
      tracker.polled(tp, offset);
    }
  }
}
