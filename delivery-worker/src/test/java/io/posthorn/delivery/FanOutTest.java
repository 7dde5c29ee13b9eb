package io.posthorn.delivery;

import static io.posthorn.devstack.KafkaHeaders.header;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.posthorn.delivery.endpoint.Endpoint;
import io.posthorn.delivery.endpoint.EventTypeFilter;
import io.posthorn.delivery.endpoint.RoutingTable;
import io.posthorn.devstack.ScriptedReply;
import io.posthorn.schema.EventHeaders;
import io.posthorn.schema.EventRecord;
import io.posthorn.schema.endpoint.DeliveryOrder;
import io.posthorn.schema.endpoint.DeliveryOrder.OnDeadLetter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class FanOutTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final TopicPartition EVENTS = new TopicPartition("t.events", 0);

  private final PipelineKit kit = new PipelineKit();
  private final OffsetTracker offsets = new OffsetTracker();
  private final MockProducer<byte[], byte[]> invalid =
      new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
  private final List<String> gaveUp = new CopyOnWriteArrayList<>();
  private final List<String> declined = new CopyOnWriteArrayList<>();
  private final DeliveryListener listener =
      new DeliveryListener() {
        @Override
        public void versionNotAccepted(
            String endpointId, String eventId, String eventType, int schemaVersion) {
          declined.add(endpointId + " " + eventId + " " + eventType + " v" + schemaVersion);
        }
      };

  @AfterEach
  void close() {
    kit.close();
  }

  private FanOut fanOut(Endpoint... endpoints) {
    return fanOut(100, endpoints);
  }

  private FanOut fanOut(int maxWaiting, Endpoint... endpoints) {
    RoutingTable table = RoutingTable.of(List.of(endpoints));
    return new FanOut(
        () -> table,
        kit.pipeline,
        offsets,
        new Quarantine(invalid, "t.invalid", offsets, kit.seen, gaveUp::add),
        new AggregateQueues(
            () -> table, kit.pipeline, offsets, kit.clock, (delay, task) -> {}, maxWaiting),
        kit.clock,
        listener);
  }

  @Test
  void anEventFinishesOnlyWhenEveryMatchingEndpointsDeliveryIsResolved() {
    kit.receiver.respond(
        r -> r.path().equals("/down") ? ScriptedReply.status(503) : ScriptedReply.ok());
    FanOut fanOut = fanOut(kit.endpoint("a"), kit.endpoint("b"), kit.endpoint("down"));

    assertThat(fanOut.route(Records.event("t.events", 4, "ev-1", "order.created")))
        .isEqualTo(RecordRouter.HANDED);
    await()
        .atMost(WAIT)
        .until(() -> kit.seen.finished.size() == 3 && kit.tasks.history().size() == 1);
    assertThat(offsets.committable())
        .as("the retry tier has not acknowledged yet")
        .isEqualTo(Map.of(EVENTS, new OffsetAndMetadata(4)));
    assertThat(fanOut.open()).as("every request ended: no slot taken").isZero();
    assertThat(fanOut.acknowledging()).as("the hand-over waits for Kafka").isEqualTo(1);
    kit.tasks.completeNext();

    await().atMost(WAIT).until(() -> fanOut.acknowledging() == 0);
    assertThat(offsets.committable()).isEqualTo(Map.of(EVENTS, new OffsetAndMetadata(5)));
  }

  @Test
  void anEndpointWhoseRequestCannotBeBuiltHoldsBackNeitherTheOthersNorTheLoop() {
    Endpoint good = kit.endpoint("good");
    Endpoint broken =
        new Endpoint(
            "broken",
            null,
            URI.create("ftp://hooks.example/in"),
            true,
            good.eventTypes(),
            good.secrets(),
            good.timeout(),
            10,
            0,
            Map.of(),
            true);
    FanOut fanOut = fanOut(broken, good);

    assertThat(fanOut.route(Records.event("t.events", 0, "ev-1", "order.created")))
        .isEqualTo(RecordRouter.HANDED);
    await().atMost(WAIT).until(() -> kit.tasks.history().size() == 1);
    kit.tasks.completeNext();

    await().atMost(WAIT).until(() -> fanOut.open() + fanOut.acknowledging() == 0);
    assertThat(kit.receiver.requests("/good")).hasSize(1);
    assertThat(kit.seen.deadLetterReasons).singleElement().asString().startsWith("rejected: ");
    assertThat(kit.gate.inFlight("broken")).isZero();
    assertThat(offsets.committable()).isEqualTo(Map.of(EVENTS, new OffsetAndMetadata(1)));
  }

  @Test
  void anOrderedAggregatesNextEventWaitsForItsHead_andAFullQueueHoldsThePartition() {
    kit.receiver.respond(r -> ScriptedReply.stall());
    FanOut fanOut =
        fanOut(1, kit.endpoint("ord").withOrder(DeliveryOrder.ordered(OnDeadLetter.SKIP)));

    RecordRouter.Verdict head = fanOut.route(keyed(0, "A"));
    RecordRouter.Verdict behind = fanOut.route(keyed(1, "A"));
    await().atMost(WAIT).until(() -> kit.receiver.count() == 1);
    RecordRouter.Verdict full = fanOut.route(keyed(2, "B"));

    assertThat(head).isEqualTo(RecordRouter.HANDED);
    assertThat(behind).isEqualTo(RecordRouter.HANDED);
    assertThat(full)
        .isEqualTo(
            new RecordRouter.Verdict.NotDue(kit.clock.instant().plus(FanOut.ORDERED_FULL_WAIT)));
    assertThat(kit.receiver.requests("/ord"))
        .singleElement()
        .satisfies(r -> assertThat(r.header("webhook-id")).isEqualTo("ev-0"));
    assertThat(fanOut.open()).as("only the head is open").isOne();
  }

  @Test
  void fullOrderedQueuesHoldOnlyEventsAnOrderedEndpointAccepts_andADeclineIsToldOnce() {
    kit.receiver.respond(r -> ScriptedReply.stall());
    Endpoint ord =
        kit.endpoint("ord")
            .withOrder(DeliveryOrder.ordered(OnDeadLetter.SKIP))
            .withEventTypes(
                new EventTypeFilter(List.of("order.*"), Map.of("order.created", List.of(2))));
    FanOut fanOut = fanOut(1, ord);

    fanOut.route(version(keyed(0, "A"), "2"));
    fanOut.route(version(keyed(1, "A"), "2"));
    await().atMost(WAIT).until(() -> kit.receiver.count() == 1);
    RecordRouter.Verdict declinedByAll = fanOut.route(keyed(2, "B")); // version 0: not pinned
    RecordRouter.Verdict accepted = fanOut.route(version(keyed(3, "C"), "2"));

    assertThat(declinedByAll).isEqualTo(RecordRouter.HANDED);
    assertThat(accepted)
        .isEqualTo(
            new RecordRouter.Verdict.NotDue(kit.clock.instant().plus(FanOut.ORDERED_FULL_WAIT)));
    assertThat(declined).containsExactly("ord ev-2 order.created v0");
  }

  /** An event of {@code aggregate} (its record key) at {@code offset} of t.events-0. */
  private static ConsumerRecord<byte[], byte[]> keyed(long offset, String aggregate) {
    return Records.consumed(
        EventRecord.of(
            "t.events",
            aggregate,
            "{}".getBytes(StandardCharsets.UTF_8),
            "ev-" + offset,
            "order.created",
            null,
            null,
            null),
        offset);
  }

  @Test
  void anEventNoEndpointWantsIsFinishedAtOnce() {
    FanOut fanOut = fanOut(kit.endpoint("a").withEventTypes("user.*"));

    fanOut.route(Records.event("t.events", 9, "ev-1", "order.created"));

    assertThat(offsets.committable()).isEqualTo(Map.of(EVENTS, new OffsetAndMetadata(10)));
    assertThat(kit.receiver.count()).isZero();
  }

  @Test
  void anEventWithoutRoutingHeadersIsQuarantinedNotSkipped() {
    FanOut fanOut = fanOut(kit.endpoint("a"));

    fanOut.route(Records.bare("t.events", 3));

    assertThat(invalid.history())
        .singleElement()
        .satisfies(
            r -> assertThat(header(r, Records.INVALID_REASON)).contains("lacks posthorn-event-id"));
    assertThat(offsets.committable()).isEqualTo(Map.of(EVENTS, new OffsetAndMetadata(4)));
    assertThat(gaveUp).isEmpty();
  }

  @Test
  void anEndpointPinningOtherVersionsOfTheType_doesNotGetTheEvent_andTheListenerHearsIt() {
    Endpoint pinned =
        kit.endpoint("pinned")
            .withEventTypes(
                new EventTypeFilter(List.of("order.*"), Map.of("order.created", List.of(2))));
    FanOut fanOut = fanOut(pinned, kit.endpoint("every"));

    fanOut.route(version(Records.event("t.events", 5, "ev-1", "order.created"), "1"));
    fanOut.route(version(Records.event("t.events", 6, "ev-2", "order.created"), "2"));
    fanOut.route(Records.event("t.events", 7, "ev-3", "order.created")); // no version header

    await().atMost(WAIT).until(() -> kit.seen.finished.size() == 4);
    assertThat(kit.receiver.requests())
        .extracting(r -> r.path() + " " + r.header("webhook-id"))
        .containsExactlyInAnyOrder("/every ev-1", "/pinned ev-2", "/every ev-2", "/every ev-3");
    assertThat(declined)
        .containsExactly("pinned ev-1 order.created v1", "pinned ev-3 order.created v0");
    await()
        .atMost(WAIT)
        .until(() -> Map.of(EVENTS, new OffsetAndMetadata(8)).equals(offsets.committable()));
  }

  private static ConsumerRecord<byte[], byte[]> version(
      ConsumerRecord<byte[], byte[]> record, String schemaVersion) {
    record.headers().add(EventHeaders.SCHEMA_VERSION, schemaVersion.getBytes(UTF_8));
    return record;
  }
}
