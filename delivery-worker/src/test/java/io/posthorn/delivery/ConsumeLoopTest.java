package io.posthorn.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.posthorn.devstack.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ConsumeLoopTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Duration INTERVAL = Duration.ofSeconds(1);
  private static final TopicPartition P0 = new TopicPartition("t", 0);
  private static final TopicPartition P1 = new TopicPartition("t", 1);

  private final ManualClock clock = new ManualClock();
  private final TestConsumer consumer = new TestConsumer();
  private final OffsetTracker offsets = new OffsetTracker();
  private final ScriptedRouter router = new ScriptedRouter(offsets);
  private ConsumeLoop loop;
  private Thread thread;

  @AfterEach
  void stop() throws InterruptedException {
    if (loop != null) {
      loop.close();
      thread.join(WAIT.toMillis());
    }
  }

  private void start(int bound, Duration revokeWait, TopicPartition... assigned) {
    consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
    consumer.schedulePollTask(() -> consumer.rebalance(List.of(assigned)));
    loop =
        new ConsumeLoop(
            "test-loop",
            consumer,
            List.of("t"),
            bound,
            router,
            offsets,
            clock,
            INTERVAL,
            revokeWait,
            Duration.ofMillis(200));
    thread = Thread.ofPlatform().name("test-loop").start(loop);
    await().atMost(WAIT).until(() -> consumerAssignment().size() == assigned.length);
  }

  private java.util.Set<TopicPartition> consumerAssignment() {
    return consumer.assignment();
  }

  private void add(TopicPartition tp, long offset) {
    consumer.addRecord(
        new ConsumerRecord<>(tp.topic(), tp.partition(), offset, new byte[0], new byte[0]));
  }

  private void awaitOffered(String name) {
    await().atMost(WAIT).alias(name + " offered").until(() -> router.offered.contains(name));
  }

  /** Commits happen once a commit interval has passed: each check moves the clock on by one. */
  private void awaitCommitted(TopicPartition tp, long offset) {
    await()
        .atMost(WAIT)
        .until(
            () -> {
              clock.advance(INTERVAL);
              return consumer.committedOffset(tp) == offset;
            });
  }

  /**
   * Returns once the loop has polled twice more, so it has run at least one whole iteration since.
   */
  private void awaitTwoPolls() throws InterruptedException {
    java.util.concurrent.CountDownLatch polls = new java.util.concurrent.CountDownLatch(2);
    consumer.schedulePollTask(polls::countDown);
    consumer.schedulePollTask(polls::countDown);
    assertThat(polls.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
  }

  @Test
  void resolvedOffsetsAreCommittedOncePerIntervalNotOncePerPoll() throws Exception {
    start(10, Duration.ofMillis(100), P0);
    add(P0, 0);
    awaitOffered("t-0@0");
    router.finish("t-0@0");
    awaitCommitted(P0, 1);
    int commits = consumer.asyncCommits.get();

    consumer.schedulePollTask(() -> add(P0, 1));
    awaitOffered("t-0@1");
    router.finish("t-0@1");
    awaitTwoPolls();
    consumer.schedulePollTask(() -> add(P0, 2));
    awaitOffered("t-0@2");
    router.finish("t-0@2");
    awaitTwoPolls();

    assertThat(consumer.asyncCommits).as("no commit within the interval").hasValue(commits);
    assertThat(consumer.committedOffset(P0)).isEqualTo(1);

    clock.advance(INTERVAL);

    await().atMost(WAIT).until(() -> consumer.committedOffset(P0) == 3);
    assertThat(consumer.asyncCommits).as("one commit for both records").hasValue(commits + 1);
  }

  @Test
  void anIdleLoopPollsLongOnlyOnceNothingIsInFlightAndItsCommitIsConfirmed() throws Exception {
    start(10, Duration.ofMillis(100), P0);
    awaitTwoPolls();
    assertThat(consumer.lastPollTimeout).as("nothing polled yet").isEqualTo(ConsumeLoop.IDLE_POLL);

    add(P0, 0);
    awaitOffered("t-0@0");
    awaitTwoPolls();
    assertThat(consumer.lastPollTimeout)
        .as("a delivery in flight")
        .isLessThan(ConsumeLoop.IDLE_POLL);

    router.finish("t-0@0");
    awaitTwoPolls();
    assertThat(consumer.lastPollTimeout)
        .as("resolved, its commit not yet due")
        .isLessThan(ConsumeLoop.IDLE_POLL);

    awaitCommitted(P0, 1);
    awaitTwoPolls();
    assertThat(consumer.lastPollTimeout)
        .as("committed and confirmed")
        .isEqualTo(ConsumeLoop.IDLE_POLL);
  }

  @Test
  void aFailedCommitIsRetriedEvenThoughThePartitionWentIdle() {
    start(10, Duration.ofSeconds(5), P0);
    add(P0, 0);
    awaitOffered("t-0@0");
    consumer.failCommits.set(1);
    int before = consumer.asyncCommits.get();

    router.finish("t-0@0"); // the last record the partition will see for a while

    awaitCommitted(P0, 1);
    assertThat(consumer.asyncCommits.get() - before)
        .as("the refused commit, then the retry")
        .isGreaterThanOrEqualTo(2);
    assertThat(consumer.failCommits).hasValue(0);
  }

  @Test
  void aRevokeWaitsForTheRevokedPartitionsDeliveriesInFlightBeforeCommitting() throws Exception {
    start(10, Duration.ofSeconds(10), P0, P1);
    add(P0, 0);
    add(P1, 0);
    awaitOffered("t-0@0");
    awaitOffered("t-1@0");
    router.finish("t-1@0");
    // Resolves the in-flight delivery only once the loop is waiting inside the revoke.
    Thread finisher =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    consumer.revoking.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                    await()
                        .atMost(WAIT)
                        .until(() -> thread.getState() == Thread.State.TIMED_WAITING);
                    router.finish("t-0@0");
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });

    consumer.schedulePollTask(() -> consumer.rebalance(List.of(P1))); // P0 moves to another worker

    await().atMost(WAIT).until(() -> consumer.assignment().equals(java.util.Set.of(P1)));
    finisher.join(WAIT.toMillis());
    assertThat(consumer.lastSyncCommit)
        .as("the revoke's commit includes the delivery it waited for")
        .containsEntry(P0, new org.apache.kafka.clients.consumer.OffsetAndMetadata(1));
  }

  @Test
  void aRevokeWaitsOnlyABoundedTimeAndNeverCommitsPastADeliveryStillInFlight() {
    start(10, Duration.ofMillis(100), P0, P1);
    add(P0, 0);
    awaitOffered("t-0@0");

    consumer.schedulePollTask(() -> consumer.rebalance(List.of(P1)));
    await().atMost(WAIT).until(() -> consumer.assignment().equals(java.util.Set.of(P1)));
    add(P1, 0);

    awaitOffered("t-1@0");
    assertThat(consumer.lastSyncCommit.get(P0))
        .as("the new owner delivers it again")
        .satisfiesAnyOf(o -> assertThat(o).isNull(), o -> assertThat(o.offset()).isZero());
  }

  @Test
  void aDeliveryWaitingForKafkaFreesItsSlot_andThoseWaitingHaveABoundOfTheirOwn() {
    start(1, Duration.ofMillis(100), P0);
    int waitingBound = ConsumeLoop.ACKNOWLEDGING_PER_SLOT; // times the bound, 1
    for (int i = 0; i <= waitingBound; i++) {
      add(P0, i);
    }
    awaitOffered("t-0@0"); // the bound (1) is reached

    for (int i = 0; i < waitingBound - 1; i++) {
      router.settle("t-0@" + i); // its request ended; its attempt record is not acknowledged
      awaitOffered("t-0@" + (i + 1));
    }
    router.settle("t-0@" + (waitingBound - 1)); // as many wait for Kafka as they may
    String next = "t-0@" + waitingBound;
    await()
        .during(Duration.ofMillis(300))
        .atMost(WAIT)
        .until(() -> !router.offered.contains(next) && consumer.paused().contains(P0));
    clock.advance(INTERVAL.multipliedBy(2));
    assertThat(consumer.committedOffset(P0))
        .as("nothing resolved, nothing committed")
        .isLessThanOrEqualTo(0);

    router.finish("t-0@0");

    awaitOffered(next);
    awaitCommitted(P0, 1);
  }

  @Test
  void heldRecordsOfARevokedPartitionAreDroppedNotOffered() {
    start(1, Duration.ofMillis(100), P0, P1);
    add(P0, 0);
    awaitOffered("t-0@0"); // the bound is reached: what comes next is held
    consumer.schedulePollTask(
        () -> { // both in one poll: MockConsumer drops unpolled records on a rebalance
          add(P0, 1);
          add(P1, 0);
        });
    await()
        .atMost(WAIT)
        .until(() -> consumer.paused().containsAll(List.of(P0, P1))); // held, fetching paused

    consumer.schedulePollTask(() -> consumer.rebalance(List.of(P1)));
    await().atMost(WAIT).until(() -> consumer.assignment().equals(java.util.Set.of(P1)));
    router.finish("t-0@0");

    awaitOffered("t-1@0");
    assertThat(router.offered).doesNotContain("t-0@1");
  }

  @Test
  void aHeadNotYetDueIsHeldWithItsPartitionPausedAndOfferedWhenDue() {
    router.script =
        r ->
            r.offset() == 0 && router.offered.size() == 1
                ? new RecordRouter.Verdict.NotDue(clock.instant().plus(Duration.ofMinutes(1)))
                : null;
    start(10, Duration.ofMillis(100), P0);
    add(P0, 0);

    awaitOffered("t-0@0");
    await().atMost(WAIT).until(() -> consumer.paused().contains(P0));
    assertThat(router.offered).containsExactly("t-0@0");

    clock.advance(Duration.ofMinutes(1));

    await().atMost(WAIT).until(() -> router.offered.size() == 2);
    await().atMost(WAIT).until(() -> !consumer.paused().contains(P0));
    router.finish("t-0@0");
    awaitCommitted(P0, 1);
  }

  @Test
  void aRecordWhoseRoutingThrowsIsQuarantinedAndTheLoopGoesOn() {
    router.script =
        r -> {
          if (r.offset() == 0) {
            throw new IllegalStateException("a bug in routing");
          }
          return null;
        };
    start(10, Duration.ofMillis(100), P0);
    add(P0, 0);
    add(P0, 1);

    awaitOffered("t-0@1");
    router.finish("t-0@1");

    awaitCommitted(P0, 2);
    assertThat(router.quarantined)
        .containsExactly(
            "t-0@0 the worker failed to route it: java.lang.IllegalStateException: a bug in routing");
    assertThat(loop.failure()).isNull();
    assertThat(thread.isAlive()).isTrue();
  }

  @Test
  void aLoopThatDiesSaysWhy() {
    start(10, Duration.ofMillis(100), P0);

    consumer.setPollException(new KafkaException("the broker said no"));

    await().atMost(WAIT).until(() -> loop.failure() != null);
    assertThat(loop.failure()).hasMessage("the broker said no");
    await().atMost(WAIT).until(() -> !thread.isAlive());
  }

  @Test
  void closeCommitsEveryResolvedOffsetKafkaHasNotConfirmed() throws Exception {
    start(10, Duration.ofMillis(100), P0);
    add(P0, 0);
    awaitOffered("t-0@0");
    consumer.failCommits.set(
        Integer.MAX_VALUE); // the coordinator refuses every asynchronous commit
    int before = consumer.asyncCommits.get();
    router.finish("t-0@0");
    await()
        .atMost(WAIT)
        .until(
            () -> {
              clock.advance(INTERVAL);
              return consumer.asyncCommits.get() > before;
            });

    loop.close();
    thread.join(WAIT.toMillis());

    assertThat(consumer.closed()).isTrue();
    assertThat(consumer.lastSyncCommit)
        .containsEntry(P0, new org.apache.kafka.clients.consumer.OffsetAndMetadata(1));
    loop = null;
  }
}
