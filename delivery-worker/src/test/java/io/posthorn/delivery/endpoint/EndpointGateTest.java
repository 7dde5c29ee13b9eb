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
  private final EndpointGate gate = new EndpointGate(clock::nanos);

  @Test
  void admitsUpToTheInFlightBoundAndAgainAfterARelease() {
    Endpoint e = endpoint(2, 0);

    assertThat(gate.admit(e)).isEqualTo(Admission.ADMITTED);
    assertThat(gate.admit(e)).isEqualTo(Admission.ADMITTED);
    assertThat(gate.admit(e)).isEqualTo(Admission.AT_IN_FLIGHT_BOUND);
    assertThat(gate.readyAt(e)).as("only a release frees it").isEqualTo(EndpointGate.ON_RELEASE);
    gate.release(e, Result.ANSWERED);
    assertThat(gate.readyAt(e)).isEqualTo(clock.nanos());
    assertThat(gate.admit(e)).isEqualTo(Admission.ADMITTED);
    assertThat(gate.inFlight("ep")).isEqualTo(2);
  }

  @Test
  void aSaturatedEndpointStaysAtItsBoundHoweverLongItWaitsAndNeverAsksForGrace() {
    Endpoint e = endpoint(1, 0);
    gate.admit(e);

    clock.advance(Duration.ofMinutes(10));

    assertThat(gate.admit(e)).isEqualTo(Admission.AT_IN_FLIGHT_BOUND);
    assertThat(gate.readyAt(e)).isEqualTo(EndpointGate.ON_RELEASE);
  }

  @Test
  void aRateIsPacedExactlyToTheToken() {
    Endpoint e = endpoint(1000, 3); // one token every 333,333,333.3 ns
    for (int i = 0; i < 3; i++) {
      assertThat(gate.admit(e))
          .as("the bucket holds one second's worth")
          .isEqualTo(Admission.ADMITTED);
    }
    assertThat(gate.admit(e)).isEqualTo(Admission.RATE_LIMITED);
    long next = gate.readyAt(e);
    assertThat(next - clock.nanos()).isEqualTo(333_333_334L);

    clock.advance(Duration.ofNanos(333_333_333L));
    assertThat(gate.admit(e)).as("one nanosecond early").isEqualTo(Admission.RATE_LIMITED);
    assertThat(gate.readyAt(e)).isEqualTo(next);
    clock.advance(Duration.ofNanos(1));
    assertThat(gate.admit(e)).as("exactly on the token").isEqualTo(Admission.ADMITTED);
    assertThat(gate.admit(e)).isEqualTo(Admission.RATE_LIMITED);
  }

  @Test
  void aBucketRefillsToOneSecondsWorthAndNoMore() {
    Endpoint e = endpoint(1000, 5);
    gate.admit(e);
    clock.advance(Duration.ofHours(3));

    int admitted = 0;
    while (gate.admit(e) == Admission.ADMITTED) {
      admitted++;
    }

    assertThat(admitted).isEqualTo(5);
  }

  @Test
  void theWallClockSteppingBackNeitherStretchesTheRateNorTheCoolDown() {
    EndpointGate breaker =
        new EndpointGate(clock::nanos, 1, Duration.ofSeconds(30), (id, open) -> {});
    Endpoint limited = endpoint(1000, 1);
    Endpoint failing =
        new Endpoint(
            "down",
            null,
            URI.create("https://x.test/"),
            true,
            new EventTypeFilter(List.of("*")),
            List.of(new EndpointSecret(SigningSecret.generate(), null)),
            Duration.ofSeconds(3),
            10,
            0,
            Map.of(),
            false);
    breaker.admit(limited);
    breaker.admit(failing);
    breaker.release(failing, Result.FAILED);

    clock.set(clock.instant().minus(Duration.ofHours(1))); // NTP steps the wall clock back
    clock.advance(Duration.ofSeconds(30));

    assertThat(breaker.admit(limited)).isEqualTo(Admission.ADMITTED);
    assertThat(breaker.admit(failing)).as("the probe, on time").isEqualTo(Admission.ADMITTED);
  }

  @Test
  void aCircuitOpensAfterTheThresholdThenOneProbeAfterTheCoolDownClosesIt() {
    List<String> changes = new ArrayList<>();
    EndpointGate breaker =
        new EndpointGate(
            clock::nanos, 3, Duration.ofSeconds(30), (id, open) -> changes.add(id + open));
    Endpoint e = endpoint(10, 0);
    for (int i = 0; i < 3; i++) {
      assertThat(breaker.admit(e)).isEqualTo(Admission.ADMITTED);
      breaker.release(e, Result.FAILED);
    }
    assertThat(breaker.circuit("ep")).isEqualTo(Circuit.OPEN);
    assertThat(breaker.openings("ep")).isEqualTo(1);
    assertThat(breaker.admit(e)).isEqualTo(Admission.CIRCUIT_OPEN);
    long coolDownEnds = clock.nanos() + Duration.ofSeconds(30).toNanos();
    assertThat(breaker.readyAt(e)).as("held until the cool-down ends").isEqualTo(coolDownEnds);

    clock.advance(Duration.ofSeconds(30).minusNanos(1));
    assertThat(breaker.admit(e))
        .as("a nanosecond before the end")
        .isEqualTo(Admission.CIRCUIT_OPEN);
    clock.advance(Duration.ofNanos(1));
    assertThat(breaker.admit(e)).as("the probe").isEqualTo(Admission.ADMITTED);
    assertThat(breaker.circuit("ep")).isEqualTo(Circuit.HALF_OPEN);
    assertThat(breaker.admit(e)).as("one probe at a time").isEqualTo(Admission.CIRCUIT_OPEN);
    assertThat(breaker.readyAt(e))
        .as("the others wait for the probe")
        .isEqualTo(EndpointGate.ON_RELEASE);
    breaker.release(e, Result.FAILED);
    assertThat(breaker.circuit("ep")).as("a failed probe opens it again").isEqualTo(Circuit.OPEN);
    assertThat(breaker.openings("ep")).isEqualTo(2);
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
    EndpointGate breaker =
        new EndpointGate(clock::nanos, 2, Duration.ofSeconds(30), (id, open) -> {});
    Endpoint e = endpoint(10, 0);
    for (Result r :
        List.of(Result.FAILED, Result.ANSWERED, Result.FAILED, Result.NOT_SENT, Result.NOT_SENT)) {
      breaker.admit(e);
      breaker.release(e, r);
    }
    assertThat(breaker.circuit("ep")).isEqualTo(Circuit.CLOSED);
    breaker.admit(e);
    breaker.release(e, Result.FAILED);
    assertThat(breaker.circuit("ep")).isEqualTo(Circuit.OPEN);
  }

  @Test
  void aDeletedEndpointIsForgotten() {
    Endpoint e = endpoint(1, 0);
    gate.admit(e);
    assertThat(gate.size()).isEqualTo(1);

    gate.forget("ep");

    assertThat(gate.size()).isZero();
    assertThat(gate.inFlight("ep")).isZero();
    gate.release(e, Result.ANSWERED); // a request that was on the wire when it was deleted
    assertThat(gate.size()).isZero();
  }

  private static Endpoint endpoint(int maxInFlight, int rate) {
    return new Endpoint(
        "ep",
        null,
        URI.create("https://x.test/"),
        true,
        new EventTypeFilter(List.of("*")),
        List.of(new EndpointSecret(SigningSecret.generate(), null)),
        Duration.ofSeconds(3),
        maxInFlight,
        rate,
        Map.of(),
        false);
  }
}
