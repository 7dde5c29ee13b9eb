package io.posthorn.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.posthorn.delivery.endpoint.Endpoint;
import io.posthorn.delivery.endpoint.RoutingTable;
import io.posthorn.delivery.signing.SigningSecret;
import io.posthorn.devstack.ManualClock;
import io.posthorn.schema.endpoint.DeliveryOrder;
import io.posthorn.schema.endpoint.DeliveryOrder.OnDeadLetter;
import io.posthorn.schema.task.DeadLetterReason;
import io.posthorn.schema.task.DeliveryTask;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The hold-back logic of ordered endpoints on its own: a fake sender stands for the pipeline (the
 * test plays its outcomes through each ticket's {@link Sequel}), a manual timer for the pacing
 * scheduler, a {@link ManualClock} for the ladder's due times.
 */
@Timeout(10)
class AggregateQueuesTest {
  private static final TopicPartition EVENTS = new TopicPartition("t.events", 0);
  private static final SigningSecret SECRET = SigningSecret.generate();

  private final ManualClock clock = new ManualClock();
  private final OffsetTracker offsets = new OffsetTracker();
  private final InFlight open = new InFlight();
  private final List<Sent> sent = new ArrayList<>();
  private final List<Timed> timers = new ArrayList<>();
  private final Endpoint ordered = endpoint("ord", DeliveryOrder.ordered(OnDeadLetter.SKIP));
  private final Endpoint blocking = endpoint("blk", DeliveryOrder.ordered(OnDeadLetter.BLOCK));
  private final AtomicReference<RoutingTable> table =
      new AtomicReference<>(RoutingTable.of(List.of(ordered, blocking)));
  private final AggregateQueues queues =
      new AggregateQueues(
          table::get,
          new AggregateQueues.Sender() {
            @Override
            public void deliver(Endpoint endpoint, DeliveryTask task, Ticket ticket) {
              sent.add(new Sent(endpoint.id(), task, ticket, null));
            }

            @Override
            public void deadLetter(DeliveryTask task, DeadLetterReason reason, Ticket ticket) {
              sent.add(new Sent(task.endpointId(), task, ticket, reason));
            }
          },
          offsets,
          clock,
          (delay, task) -> timers.add(new Timed(delay, task)),
          3);

  private record Sent(String endpointId, DeliveryTask task, Ticket ticket, DeadLetterReason dead) {
    String event() {
      return task.eventId();
    }

    /** What the pipeline does for a delivered attempt: tell the queue, then resolve. */
    void delivered() {
      ticket.sequel().ended(false);
      ticket.resolved().run();
    }

    void deadLettered() {
      ticket.sequel().ended(true);
      ticket.resolved().run();
    }
  }

  private record Timed(Duration delay, Runnable task) {}

  @Test
  void anAggregatesNextEventWaitsForItsHeadWhileOtherAggregatesGo() {
    submit(ordered, "A", 0);
    submit(ordered, "A", 1);
    submit(ordered, "B", 2);

    assertThat(events()).containsExactly("ev-0", "ev-2");

    sent.get(0).delivered();

    assertThat(events()).containsExactly("ev-0", "ev-2", "ev-1");
    assertThat(queues.waiting()).isZero();
  }

  @Test
  void aFailedHeadIsTriedAgainFromMemoryAtItsDueTimeWhileItsSuccessorWaits() {
    submit(ordered, "A", 0);
    submit(ordered, "A", 1);
    Sent head = sent.get(0);
    Instant due = clock.instant().plus(Duration.ofMinutes(1));

    failed(head, due);

    assertThat(events()).containsExactly("ev-0");
    assertThat(timers).singleElement().extracting(Timed::delay).isEqualTo(Duration.ofMinutes(1));
    assertThat(offsets.committable())
        .as("nothing committed past the failing head")
        .containsEntry(EVENTS, new OffsetAndMetadata(0));

    clock.advance(Duration.ofMinutes(1));
    timers.get(0).task().run();

    assertThat(events()).containsExactly("ev-0", "ev-0");
    assertThat(sent.get(1).task().history().attempts()).as("the ladder goes on").isEqualTo(1);
    sent.get(1).delivered();
    assertThat(events()).containsExactly("ev-0", "ev-0", "ev-1");
  }

  @Test
  void aDeadLetteredHeadLetsTheNextGo_whenTheEndpointSkips() {
    submit(ordered, "A", 0);
    submit(ordered, "A", 1);

    sent.get(0).deadLettered();

    assertThat(events()).containsExactly("ev-0", "ev-1");
    assertThat(queues.blocked()).isZero();
  }

  @Test
  void aDeadLetteredHeadBlocksItsAggregate_untilTheEndpointNoLongerBlocks() {
    submit(blocking, "A", 0);
    submit(blocking, "A", 1);
    submit(blocking, "B", 2);

    sent.get(0).deadLettered();
    sent.get(1).delivered(); // B goes on

    assertThat(events()).containsExactly("ev-0", "ev-2");
    assertThat(queues.blocked()).isOne();
    assertThat(offsets.committable())
        .as("the dead-lettered head's record stays open: a crash re-reads it first")
        .containsEntry(EVENTS, new OffsetAndMetadata(0));
    timers.removeFirst().task().run(); // the block check: still blocking
    assertThat(events()).containsExactly("ev-0", "ev-2");

    table.set(
        RoutingTable.of(
            List.of(ordered, blocking.withOrder(DeliveryOrder.ordered(OnDeadLetter.SKIP)))));
    timers.removeFirst().task().run();

    assertThat(events()).containsExactly("ev-0", "ev-2", "ev-1");
    assertThat(queues.blocked()).isZero();
    sent.get(2).delivered();
    assertThat(offsets.committable()).containsEntry(EVENTS, new OffsetAndMetadata(3));
  }

  @Test
  void aRetriedHeadWhoseEndpointWasDeletedIsDeadLettered_andTheNextGoes() {
    submit(ordered, "A", 0);
    submit(ordered, "A", 1);
    failed(sent.get(0), clock.instant());
    table.set(RoutingTable.of(List.of(blocking)));

    timers.get(0).task().run();
    timers.get(1).task().run(); // the dead letter, off the caller's stack

    assertThat(sent.get(1).dead()).isNotNull();
    assertThat(sent.get(1).dead().header()).startsWith("deleted:");
    sent.get(1).deadLettered();
    timers.get(2).task().run();
    assertThat(sent.get(2).event()).isEqualTo("ev-1");
    assertThat(sent.get(2).dead()).isNotNull();
  }

  @Test
  void aRevokedPartitionsQueuesAreDropped_andItsCommitStopsBeforeThem() {
    submit(ordered, "A", 0);
    submit(ordered, "A", 1);
    submit(ordered, "B", 2);
    failed(sent.get(0), clock.instant().plusSeconds(60));
    sent.get(1).delivered();

    queues.revoked(List.of(EVENTS));
    timers.get(0).task().run();

    assertThat(events()).containsExactly("ev-0", "ev-2");
    assertThat(offsets.open(List.of(EVENTS)))
        .as("nothing left for the revoke to wait for")
        .isZero();
    assertThat(offsets.unconfirmed(List.of(EVENTS)))
        .containsEntry(EVENTS, new OffsetAndMetadata(0));
  }

  @Test
  void isFullOnceTheBoundWaitsBehindHeads() {
    submit(ordered, "A", 0);
    submit(ordered, "A", 1);
    submit(ordered, "A", 2);
    assertThat(queues.full()).isFalse();

    submit(ordered, "A", 3);

    assertThat(queues.full()).isTrue();
    assertThat(open.sending()).as("waiting deliveries are out of the loop's budget").isOne();
  }

  private void failed(Sent s, Instant due) {
    DeliveryTask next = s.task().attempted(clock.instant(), 503, "HTTP 503").due(due);
    s.ticket().sequel().again(next, due);
  }

  private void submit(Endpoint endpoint, String aggregate, long offset) {
    offsets.polled(EVENTS, offset);
    open.started();
    DeliveryTask task =
        DeliveryTask.fresh(
            new DeliveryTask.Identity(
                endpoint.id(),
                "ev-" + offset,
                "order.created",
                null,
                null,
                null,
                "{}".getBytes(StandardCharsets.UTF_8),
                new DeliveryTask.Origin(EVENTS.topic(), EVENTS.partition(), offset)));
    queues.submit(
        endpoint,
        task,
        new Ticket(EVENTS, open, () -> offsets.finished(EVENTS, offset)),
        aggregate);
  }

  private List<String> events() {
    return sent.stream().map(Sent::event).toList();
  }

  private static Endpoint endpoint(String id, DeliveryOrder order) {
    return Endpoint.simple(id, URI.create("http://127.0.0.1:1/" + id), SECRET).withOrder(order);
  }
}
