package io.posthorn.delivery;

import static io.posthorn.devstack.KafkaHeaders.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.posthorn.delivery.endpoint.Endpoint;
import io.posthorn.delivery.endpoint.RoutingTable;
import io.posthorn.schema.EventHeaders;
import io.posthorn.schema.task.DeadLetterReason;
import io.posthorn.schema.task.DeliveryTask;
import io.posthorn.schema.task.TaskRecord;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class RetryRouterTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String TIER = "t.retry.1m";
  private static final TopicPartition TIER_0 = new TopicPartition(TIER, 0);

  private final PipelineKit kit = new PipelineKit();
  private final OffsetTracker offsets = new OffsetTracker();
  private final MockProducer<byte[], byte[]> invalid =
      new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
  private final List<String> gaveUp = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    kit.close();
  }

  private RetryRouter router(Endpoint... endpoints) {
    RoutingTable table = RoutingTable.of(List.of(endpoints));
    return new RetryRouter(
        () -> table,
        kit.pipeline,
        offsets,
        new Quarantine(invalid, "t.invalid", offsets, kit.seen, gaveUp::add),
        new TierLag(new SimpleMeterRegistry(), List.of(TIER)),
        kit.clock);
  }

  private DeliveryTask dueIn(Duration d) {
    return PipelineKit.task("ep", "ev-1")
        .attempted(kit.clock.instant(), 503, "HTTP 503")
        .due(kit.clock.instant().plus(d));
  }

  @Test
  void aTaskNotYetDueIsHeldUntilItsDueTimeNotTaken() {
    RetryRouter router = router(kit.endpoint("ep"));

    RecordRouter.Verdict v = router.route(Records.task(TIER, 0, dueIn(Duration.ofSeconds(30))));

    assertThat(v).isEqualTo(new RecordRouter.Verdict.NotDue(kit.clock.instant().plusSeconds(30)));
    assertThat(offsets.committable()).isEmpty();
    assertThat(kit.receiver.count()).isZero();
  }

  @Test
  void aDueTaskIsAttemptedAgainAndFinishedWhenDelivered() {
    RetryRouter router = router(kit.endpoint("ep"));

    router.route(Records.task(TIER, 0, dueIn(Duration.ZERO)));

    await()
        .atMost(WAIT)
        .until(() -> router.open() + router.acknowledging() == 0 && kit.receiver.count() == 1);
    assertThat(kit.seen.started)
        .singleElement()
        .satisfies(r -> assertThat(r.attempt()).isEqualTo(2));
    assertThat(offsets.committable()).isEqualTo(Map.of(TIER_0, new OffsetAndMetadata(1)));
  }

  @Test
  void aTaskForADisabledEndpointIsDeadLetteredWithThatCauseNeverAttempted() {
    RetryRouter router = router(kit.endpoint("ep").withEnabled(false));

    router.route(Records.task(TIER, 0, dueIn(Duration.ZERO)));
    await().atMost(WAIT).until(() -> kit.tasks.history().size() == 1);
    kit.tasks.completeNext();

    await().atMost(WAIT).until(() -> router.open() + router.acknowledging() == 0);
    var dead = kit.tasks.history().getFirst();
    assertThat(dead.topic()).isEqualTo(PipelineKit.DLQ);
    assertThat(TaskRecord.deadLetterReason(Records.consumed(dead, 0)))
        .contains(DeadLetterReason.of(DeadLetterReason.Cause.DISABLED, "endpoint ep is disabled"));
    assertThat(header(dead, EventHeaders.DEAD_LETTER_REASON))
        .isEqualTo("disabled: endpoint ep is disabled");
    assertThat(kit.receiver.count()).isZero();
  }

  @Test
  void anEndpointWaitingForVerificationTakesItsChallengeButNoOtherTask() {
    RetryRouter router = router(kit.endpoint("ep").withVerificationPending(true));
    DeliveryTask ping = PipelineKit.task("ep", "ev-ping");
    DeliveryTask challenge =
        DeliveryTask.fresh(
                new DeliveryTask.Identity(
                    "ep",
                    "ev-ping",
                    "posthorn.ping",
                    null,
                    null,
                    null,
                    ping.identity().body(),
                    ping.identity().origin()))
            .due(kit.clock.instant());

    router.route(Records.task(TIER, 0, challenge));
    router.route(Records.task(TIER, 0, dueIn(Duration.ZERO)));

    await().atMost(WAIT).until(() -> kit.receiver.count() == 1 && kit.tasks.history().size() == 1);
    assertThat(kit.seen.started)
        .singleElement()
        .satisfies(r -> assertThat(r.eventType()).isEqualTo("posthorn.ping"));
    assertThat(header(kit.tasks.history().getFirst(), EventHeaders.DEAD_LETTER_REASON))
        .isEqualTo("disabled: endpoint ep is disabled");
  }

  @Test
  void aTaskForADeletedEndpointIsDeadLetteredWithThatCause() {
    RetryRouter router = router();

    router.route(Records.task(TIER, 0, dueIn(Duration.ZERO)));
    await().atMost(WAIT).until(() -> kit.tasks.history().size() == 1);

    assertThat(header(kit.tasks.history().getFirst(), EventHeaders.DEAD_LETTER_REASON))
        .isEqualTo("deleted: endpoint ep no longer exists");
    assertThat(offsets.committable())
        .as("not before Kafka has the dead letter")
        .isEqualTo(Map.of(TIER_0, new OffsetAndMetadata(0)));
  }

  @Test
  void aRecordThatIsNotATaskIsQuarantined() {
    RetryRouter router = router(kit.endpoint("ep"));

    router.route(Records.bare(TIER, 5));

    assertThat(invalid.history())
        .singleElement()
        .satisfies(r -> assertThat(header(r, Records.INVALID_REASON)).contains("lacks header"));
    assertThat(offsets.committable()).isEqualTo(Map.of(TIER_0, new OffsetAndMetadata(6)));
  }
}
