package io.posthorn.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.posthorn.delivery.dispatch.AttemptOutcome;
import io.posthorn.delivery.dispatch.DeliveryRequest;
import io.posthorn.delivery.endpoint.Endpoint;
import io.posthorn.delivery.endpoint.EndpointGate;
import io.posthorn.delivery.signing.SigningSecret;
import io.posthorn.devstack.ManualClock;
import io.posthorn.schema.task.DeadLetterReason;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WorkerMetricsTest {
  private final ManualClock clock = new ManualClock();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final WorkerMetrics metrics =
      new WorkerMetrics(registry, clock, new EndpointGate(clock::nanos), () -> 7, () -> 3);

  @Test
  void aDeletedEndpointsMetersAreRemovedSoTheirNumberFollowsTheRoutingTable() {
    for (String id : new String[] {"kept", "deleted"}) {
      metrics.attemptStarted(request(id));
      metrics.circuitChanged(id, true);
    }
    assertThat(registry.find("posthorn.worker.endpoint.in_flight").gauges()).hasSize(2);

    metrics.forget("deleted");

    assertThat(registry.find("posthorn.worker.endpoint.in_flight").gauges())
        .singleElement()
        .satisfies(g -> assertThat(g.getId().getTag("endpoint")).isEqualTo("kept"));
    assertThat(registry.find("posthorn.worker.endpoint.circuit").gauges())
        .singleElement()
        .satisfies(g -> assertThat(g.getId().getTag("endpoint")).isEqualTo("kept"));
    assertThat(metrics.endpointsMetered()).isOne();
  }

  @Test
  void queuedDeliveriesAndCircuitHoldsAreMetered() {
    metrics.circuitHeld(null, 1);
    metrics.circuitHeld(null, 2);

    assertThat(registry.get("posthorn.worker.lanes.queued").gauge().value()).isEqualTo(7);
    assertThat(registry.get("posthorn.worker.circuit.holds").counter().count()).isEqualTo(2);
  }

  @Test
  void perEndpointDeliveriesAndLatencyAreMeteredAndForgottenWithTheEndpoint() {
    metrics.attemptStarted(request("ep"));
    metrics.attemptFinished(
        request("ep"), new AttemptOutcome.Delivered(200, "", Duration.ofMillis(40)));
    metrics.attemptFinished(
        request("ep"), new AttemptOutcome.Retryable(503, "busy", null, "", Duration.ofMillis(60)));

    assertThat(
            registry
                .get("posthorn.worker.endpoint.deliveries")
                .tags("endpoint", "ep", "outcome", "delivered")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(
            registry
                .get("posthorn.worker.endpoint.deliveries")
                .tags("endpoint", "ep", "outcome", "failed")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(registry.get("posthorn.worker.endpoint.attempt.duration").timer().count())
        .isEqualTo(2);
    assertThat(registry.get("posthorn.worker.endpoint.circuit").tag("endpoint", "ep").gauge())
        .as("the circuit is metered from the first attempt, closed")
        .satisfies(g -> assertThat(g.value()).isZero());

    metrics.forget("ep");

    assertThat(registry.find("posthorn.worker.endpoint.deliveries").counters()).isEmpty();
    assertThat(registry.find("posthorn.worker.endpoint.attempt.duration").timers()).isEmpty();
  }

  @Test
  void openCircuitsAreCountedUntilTheyCloseOrTheirEndpointIsDeleted() {
    metrics.circuitChanged("a", true);
    metrics.circuitChanged("b", true);
    metrics.circuitChanged("a", false);

    assertThat(registry.get("posthorn.worker.circuits.open").gauge().value()).isEqualTo(1);

    metrics.forget("b");

    assertThat(registry.get("posthorn.worker.circuits.open").gauge().value()).isZero();
  }

  @Test
  void countersWithKnownTagsExistAtZeroBeforeTheirFirstEvent() {
    for (DeadLetterReason.Cause cause : DeadLetterReason.Cause.values()) {
      assertThat(
              registry
                  .get("posthorn.worker.dead_letters")
                  .tag("reason", cause.word())
                  .counter()
                  .count())
          .isZero();
    }
    assertThat(registry.get("posthorn.worker.handover.failures").counter().count()).isZero();
    assertThat(registry.get("posthorn.worker.attempt_records.waiting").gauge().value())
        .isEqualTo(3);
  }

  private static DeliveryRequest request(String endpointId) {
    Endpoint e =
        Endpoint.simple(
            endpointId, URI.create("https://x.test/" + endpointId), SigningSecret.generate());
    return new DeliveryRequest(e, "evt", "order.created", null, new byte[0], null, null, 1);
  }
}
