package io.posthorn.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.posthorn.delivery.endpoint.Endpoint;
import io.posthorn.delivery.endpoint.EndpointGate;
import io.posthorn.delivery.endpoint.EndpointGate.Admission;
import io.posthorn.delivery.endpoint.EndpointGate.Result;
import io.posthorn.delivery.endpoint.EndpointSecret;
import io.posthorn.delivery.endpoint.EventTypeFilter;
import io.posthorn.delivery.signing.SigningSecret;
import io.posthorn.devstack.ManualClock;
import io.posthorn.schema.task.DeliveryTask;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The lanes on a manual ticker and a manual scheduler: exact to the nanosecond, no Kafka, no HTTP.
 */
class EndpointLanesTest {
  private static final TopicPartition P0 = new TopicPartition("events", 0);
  private static final TopicPartition P1 = new TopicPartition("events", 1);

  private final ManualClock clock = new ManualClock();
  private final ManualWakeups wakeups = new ManualWakeups();
  private final RecordingOutlet outlet = new RecordingOutlet();
  private final InFlight open = new InFlight();
  private EndpointGate gate = new EndpointGate(clock::nanos);
  private EndpointLanes lanes = lanes(Duration.ofSeconds(60), 10_000, 3);

  @Test
  void aBurstAtTheInFlightBoundWaitsForItsEndpointsReleasesAndGoesInOrder() {
    Endpoint e = endpoint("ep", 2, 0);

    for (int i = 0; i < 5; i++) {
      submit(e, "evt" + i, P0);
    }

    assertThat(outlet.sent).containsExactly("evt0", "evt1");
    assertThat(lanes.queued("ep")).isEqualTo(3);
    assertThat(open.sending()).as("waiting deliveries are not open ones").isEqualTo(2);
    assertThat(wakeups.pending())
        .as("one timer, for its head's max-wait: releases wake it")
        .isOne();
    release(e);
    assertThat(outlet.sent).containsExactly("evt0", "evt1", "evt2");
    release(e);
    release(e);
    assertThat(outlet.sent).containsExactly("evt0", "evt1", "evt2", "evt3", "evt4");
    assertThat(lanes.queued()).isZero();
    assertThat(open.sending()).isEqualTo(5);
    assertThat(outlet.parked).isEmpty();
  }

  @Test
  void aRateLimitedEndpointGetsOneDeliveryExactlyOnEachToken() {
    Endpoint e = endpoint("ep", 1000, 10); // a token every 100 ms

    for (int i = 0; i < 13; i++) {
      submit(e, "evt" + i, P0);
    }
    assertThat(outlet.sent).hasSize(10);

    for (int token = 1; token <= 3; token++) {
      clock.advance(Duration.ofMillis(100).minusNanos(1));
      wakeups.runDue();
      assertThat(outlet.sent).as("a nanosecond before token %d", token).hasSize(9 + token);
      clock.advance(Duration.ofNanos(1));
      wakeups.runDue();
      assertThat(outlet.sent).as("on token %d", token).hasSize(10 + token);
    }
    assertThat(outlet.sent).endsWith("evt10", "evt11", "evt12");
    assertThat(outlet.parked).isEmpty();
  }

  @Test
  void aWaitingLaneNeverHoldsBackAnotherEndpoint() {
    Endpoint stalled = endpoint("stalled", 1, 0);
    Endpoint healthy = endpoint("healthy", 1000, 0);
    for (int i = 0; i < 100; i++) {
      submit(stalled, "s" + i, P0);
    }

    submit(healthy, "h0", P0);

    assertThat(outlet.sent).containsExactly("s0", "h0");
    assertThat(lanes.queued("stalled")).isEqualTo(99);
  }

  @Test
  void aLaneTakesWhatItsEndpointCanSendWithinTheMaxWaitAndParksTheRest() {
    lanes = lanes(Duration.ofSeconds(2), 10_000, 3);
    Endpoint e = endpoint("ep", 1000, 10); // the bucket's 10 at once, then 10/s × 2 s = 20 may wait

    for (int i = 0; i < 31; i++) {
      submit(e, "evt" + i, P0);
    }

    assertThat(outlet.sent).hasSize(10);
    assertThat(lanes.queued("ep")).isEqualTo(20);
    assertThat(outlet.parked).containsExactly("evt30:" + Admission.RATE_LIMITED.reason);
    assertThat(open.sending()).as("the parked one is handed on, so it counts again").isEqualTo(11);
  }

  @Test
  void allLanesTogetherHoldAtMostMaxQueued() {
    lanes = lanes(Duration.ofSeconds(60), 3, 3);
    Endpoint a = endpoint("a", 1, 0);
    Endpoint b = endpoint("b", 1, 0);
    submit(a, "a0", P0);
    submit(b, "b0", P0);

    for (int i = 1; i <= 3; i++) {
      submit(a, "a" + i, P0);
    }
    submit(b, "b1", P0);

    assertThat(lanes.queued()).isEqualTo(3);
    assertThat(outlet.parked).containsExactly("b1:" + Admission.AT_IN_FLIGHT_BOUND.reason);
  }

  @Test
  void aDeliveryThatWaitedTheMaxWaitIsParkedAtThatMoment() {
    lanes = lanes(Duration.ofSeconds(5), 10_000, 3);
    Endpoint e = endpoint("ep", 1, 0);
    submit(e, "evt0", P0);
    submit(e, "evt1", P0);

    clock.advance(Duration.ofSeconds(5).minusNanos(1));
    wakeups.runDue();
    assertThat(outlet.parked).isEmpty();
    clock.advance(Duration.ofNanos(1));
    wakeups.runDue();

    assertThat(outlet.parked).containsExactly("evt1:" + Admission.AT_IN_FLIGHT_BOUND.reason);
    assertThat(lanes.queued()).isZero();
  }

  @Test
  void anOpenCircuitHoldsItsDeliveriesUntilTheCoolDownEndsThenTheHeadIsTheProbe() {
    gate = new EndpointGate(clock::nanos, 1, Duration.ofSeconds(30), (id, isOpen) -> {});
    lanes = lanes(Duration.ofSeconds(5), 10_000, 3);
    Endpoint e = endpoint("ep", 10, 0);
    submit(e, "first", P0);
    fail(e);

    submit(e, "a", P0);
    submit(e, "b", P0);
    clock.advance(Duration.ofSeconds(29));
    wakeups.runDue();

    assertThat(outlet.sent)
        .as("held past max-wait, no request while open")
        .containsExactly("first");
    assertThat(outlet.parked).isEmpty();
    assertThat(outlet.held).containsExactly("a:1", "b:1");
    clock.advance(Duration.ofSeconds(1));
    wakeups.runDue();
    assertThat(outlet.sent).as("the probe").containsExactly("first", "a");
    release(e);
    assertThat(outlet.sent)
        .as("the probe succeeded: the circuit is closed")
        .containsExactly("first", "a", "b");
  }

  @Test
  void aDeliveryIsHeldThroughAtMostMaxHoldsCoolDownsThenCountsAsAFailedAttempt() {
    gate = new EndpointGate(clock::nanos, 1, Duration.ofSeconds(30), (id, isOpen) -> {});
    lanes = lanes(Duration.ofSeconds(60), 10_000, 2);
    Endpoint e = endpoint("ep", 10, 0);
    submit(e, "first", P0);
    fail(e);
    for (String id : List.of("a", "b", "c")) {
      submit(e, id, P0);
    }

    clock.advance(Duration.ofSeconds(30));
    wakeups.runDue();
    fail(e); // probe "a" fails: a second cool-down for b and c
    assertThat(outlet.held).containsExactly("a:1", "b:1", "c:1", "b:2", "c:2");
    clock.advance(Duration.ofSeconds(30));
    wakeups.runDue();
    fail(e); // probe "b" fails: c would be held a third time

    assertThat(outlet.sent).containsExactly("first", "a", "b");
    assertThat(outlet.notSent)
        .containsExactly("c:not sent: held through 2 cool-downs of the endpoint's open circuit");
    assertThat(lanes.queued()).isZero();
    assertThat(outlet.parked).as("never recycled through the first tier").isEmpty();
  }

  @Test
  void withNoRoomWhileTheCircuitIsOpenADeliveryCountsAsAFailedAttemptInsteadOfBeingParked() {
    gate = new EndpointGate(clock::nanos, 1, Duration.ofSeconds(30), (id, isOpen) -> {});
    lanes = lanes(Duration.ofSeconds(60), 1, 3);
    Endpoint e = endpoint("ep", 10, 0);
    submit(e, "first", P0);
    fail(e);

    submit(e, "a", P0);
    submit(e, "b", P0);

    assertThat(outlet.notSent)
        .containsExactly("b:not sent: the endpoint's circuit is open and its lane is full");
    assertThat(outlet.parked).isEmpty();
  }

  @Test
  void deliveriesOfRevokedPartitionsAreDroppedUnsent() {
    Endpoint e = endpoint("ep", 1, 0);
    submit(e, "p0-a", P0);
    submit(e, "p1-a", P1);
    submit(e, "p0-b", P0);
    submit(e, "p1-b", P1);

    lanes.drop(List.of(P1));
    release(e);
    release(e);

    assertThat(outlet.sent).containsExactly("p0-a", "p0-b");
    assertThat(lanes.queued()).isZero();
  }

  @Test
  void aDeletedEndpointsLaneIsRemovedAndWhatWaitedInItIsReportedDeleted() {
    Endpoint e = endpoint("ep", 1, 0);
    submit(e, "a", P0);
    submit(e, "b", P0);
    submit(e, "c", P0);

    lanes.remove("ep");
    release(e);

    assertThat(outlet.deleted).containsExactly("b", "c");
    assertThat(outlet.sent).containsExactly("a");
    assertThat(lanes.lanes()).isZero();
    assertThat(lanes.queued()).isZero();
  }

  @Test
  void closedLanesSendNothingMoreAndDropWhatWaitsUnresolved() {
    Endpoint e = endpoint("ep", 1, 0);
    submit(e, "a", P0);
    submit(e, "b", P0);

    lanes.close();
    release(e);
    submit(e, "c", P0);

    assertThat(outlet.sent).containsExactly("a");
    assertThat(outlet.parked).isEmpty();
    assertThat(lanes.queued()).isZero();
  }

  private EndpointLanes lanes(Duration maxWait, int maxQueued, int maxHolds) {
    return new EndpointLanes(
        gate,
        clock::nanos,
        wakeups,
        new EndpointLanes.Limits(maxWait, maxQueued, maxHolds),
        outlet);
  }

  private void submit(Endpoint e, String eventId, TopicPartition source) {
    open.started();
    lanes.submit(e, task(e, eventId), new Ticket(source, open, () -> {}));
  }

  private void release(Endpoint e) {
    gate.release(e, Result.ANSWERED);
    lanes.released(e, Duration.ofMillis(10).toNanos());
  }

  private void fail(Endpoint e) {
    gate.release(e, Result.FAILED);
    lanes.released(e, Duration.ofMillis(10).toNanos());
  }

  private static DeliveryTask task(Endpoint e, String eventId) {
    return DeliveryTask.fresh(
        new DeliveryTask.Identity(
            e.id(),
            eventId,
            "order.created",
            null,
            null,
            null,
            new byte[0],
            new DeliveryTask.Origin("events", 0, 0)));
  }

  private static Endpoint endpoint(String id, int maxInFlight, int rate) {
    return new Endpoint(
        id,
        null,
        URI.create("https://x.test/" + id),
        true,
        new EventTypeFilter(List.of("*")),
        List.of(new EndpointSecret(SigningSecret.generate(), null)),
        Duration.ofSeconds(3),
        maxInFlight,
        rate,
        Map.of(),
        false);
  }

  /** Runs scheduled wake-ups when the test moves the ticker past them. */
  private final class ManualWakeups implements EndpointLanes.Wakeups {
    private record Scheduled(long at, Runnable task) {}

    private final List<Scheduled> scheduled = new ArrayList<>();

    @Override
    public void after(long delayNanos, Runnable task) {
      scheduled.add(new Scheduled(clock.nanos() + delayNanos, task));
    }

    void runDue() {
      boolean ran = true;
      while (ran) {
        ran = false;
        for (Iterator<Scheduled> it = List.copyOf(scheduled).iterator(); it.hasNext(); ) {
          Scheduled s = it.next();
          if (s.at() - clock.nanos() <= 0) {
            scheduled.remove(s);
            s.task().run();
            ran = true;
          }
        }
      }
    }

    int pending() {
      return scheduled.size();
    }
  }

  /**
   * What left the lanes, as "eventId" or "eventId:detail"; resolves nothing (the pipeline does,
   * later).
   */
  private static final class RecordingOutlet implements EndpointLanes.Outlet {
    final List<String> sent = new ArrayList<>();
    final List<String> parked = new ArrayList<>();
    final List<String> notSent = new ArrayList<>();
    final List<String> deleted = new ArrayList<>();
    final List<String> held = new ArrayList<>();

    @Override
    public void send(Endpoint endpoint, DeliveryTask task, Ticket ticket) {
      sent.add(task.eventId());
    }

    @Override
    public void park(DeliveryTask task, String reason, Ticket ticket) {
      parked.add(task.eventId() + ":" + reason);
    }

    @Override
    public void notSent(DeliveryTask task, String reason, Ticket ticket) {
      notSent.add(task.eventId() + ":" + reason);
    }

    @Override
    public void deleted(DeliveryTask task, Ticket ticket) {
      deleted.add(task.eventId());
    }

    @Override
    public void held(DeliveryTask task, int holds) {
      held.add(task.eventId() + ":" + holds);
    }
  }
}
