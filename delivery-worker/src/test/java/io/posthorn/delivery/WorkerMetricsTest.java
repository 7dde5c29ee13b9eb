package io.posthorn.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.posthorn.delivery.dispatch.DeliveryRequest;
import io.posthorn.delivery.endpoint.Endpoint;
import io.posthorn.delivery.endpoint.EndpointGate;
import io.posthorn.delivery.signing.SigningSecret;
import io.posthorn.devstack.ManualClock;
import java.net.URI;
import org.junit.jupiter.api.Test;

class WorkerMetricsTest {
  private final ManualClock clock = new ManualClock();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final WorkerMetrics metrics =
      new WorkerMetrics(registry, clock, new EndpointGate(clock::nanos), () -> 7);

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

  private static DeliveryRequest request(String endpointId) {
    Endpoint e =
        Endpoint.simple(
            endpointId, URI.create("https://x.test/" + endpointId), SigningSecret.generate());
    return new DeliveryRequest(e, "evt", "order.created", null, new byte[0], null, null, 1);
  }
}
