package io.posthorn.delivery.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.posthorn.delivery.endpoint.EndpointGate.Admission;
import io.posthorn.delivery.endpoint.EndpointGate.Circuit;
import io.posthorn.delivery.endpoint.EndpointGate.Result;
import io.posthorn.delivery.signing.SigningSecret;
import io.posthorn.devstack.ManualClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EndpointGateTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-21T12:00:00Z"));
  private final EndpointGate gate = new EndpointGate(clock);

  @Test
  void admitsUpToTheInFlightBoundAndAgainAfterARelease() {
    Endpoint e = endpoint(2, 0);

    assertThat(gate.admit(e)).isEqualTo(Admission.ADMITTED);
    assertThat(gate.admit(e)).isEqualTo(Admission.ADMITTED);
    assertThat(gate.admit(e)).isEqualTo(Admission.AT_IN_FLIGHT_BOUND);
    gate.release(e, Result.ANSWERED);
    assertThat(gate.admit(e)).isEqualTo(Admission.ADMITTED);
    assertThat(gate.inFlight("ep")).isEqualTo(2);
  }

  @Test
  void ratesAreLimitedPerSecondAndRefillWithTime() {
    Endpoint e = endpoint(1000, 3);
    for (int i = 0; i < 3; i++) {
      assertThat(gate.admit(e)).isEqualTo(Admission.ADMITTED);
    }
    assertThat(gate.admit(e)).isEqualTo(Admission.RATE_LIMITED);

    clock.advance(Duration.ofMillis(340)); // 3/s: one token per 333 ms
    assertThat(gate.admit(e)).isEqualTo(Admission.ADMITTED);
    assertThat(gate.admit(e)).isEqualTo(Admission.RATE_LIMITED);
  }

  @Test
  void aCircuitOpensAfterTheThresholdThenOneProbeAfterTheCoolDownClosesIt() {
    List<String> changes = new ArrayList<>();
    EndpointGate breaker = new EndpointGate(clock, 3, Duration.ofSeconds(30), (id, open) -> changes.add(id + open));
    Endpoint e = endpoint(10, 0);
    for (int i = 0; i < 3; i++) {
      assertThat(breaker.admit(e)).isEqualTo(Admission.ADMITTED);
      breaker.release(e, Result.FAILED);
    }
    assertThat(breaker.circuit("ep")).isEqualTo(Circuit.OPEN);
    assertThat(breaker.admit(e)).isEqualTo(Admission.CIRCUIT_OPEN);
    assertThat(breaker.shouldWait(e)).as("an open circuit parks at once, never holds the consumer").isFalse();

    clock.advance(Duration.ofSeconds(30));
    assertThat(breaker.admit(e)).as("the probe").isEqualTo(Admission.ADMITTED);
    assertThat(breaker.circuit("ep")).isEqualTo(Circuit.HALF_OPEN);
    assertThat(breaker.admit(e)).as("one probe at a time").isEqualTo(Admission.CIRCUIT_OPEN);
    breaker.release(e, Result.FAILED);
    assertThat(breaker.circuit("ep")).as("a failed probe opens it again").isEqualTo(Circuit.OPEN);
    assertThat(breaker.admit(e)).isEqualTo(Admission.CIRCUIT_OPEN);

    clock.advance(Duration.ofSeconds(30));
    assertThat(breaker.admit(e)).isEqualTo(Admission.ADMITTED);
    breaker.release(e, Result.ANSWERED);
    assertThat(breaker.circuit("ep")).isEqualTo(Circuit.CLOSED);
    assertThat(breaker.admit(e)).isEqualTo(Admission.ADMITTED);
    assertThat(changes).containsExactly("eptrue", "epfalse");
  }

  @Test
  void successesResetTheRunAndRequestsNotSentDoNotCount() {
    EndpointGate breaker = new EndpointGate(clock, 2, Duration.ofSeconds(30), (id, open) -> {});
    Endpoint e = endpoint(10, 0);
    for (Result r : List.of(Result.FAILED, Result.ANSWERED, Result.FAILED, Result.NOT_SENT, Result.NOT_SENT)) {
      breaker.admit(e);
      breaker.release(e, r);
    }
    assertThat(breaker.circuit("ep")).isEqualTo(Circuit.CLOSED);
    breaker.admit(e);
    breaker.release(e, Result.FAILED);
    assertThat(breaker.circuit("ep")).isEqualTo(Circuit.OPEN);
  }

  private static Endpoint endpoint(int maxInFlight, int rate) {
    return new Endpoint("ep", null, URI.create("https://x.test/"), true, new EventTypeFilter(List.of("*")),
        List.of(new EndpointSecret(SigningSecret.generate(), null)), Duration.ofSeconds(3), maxInFlight, rate,
        Map.of(), false);
  }
}
