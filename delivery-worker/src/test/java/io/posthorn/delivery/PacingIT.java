package io.posthorn.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.posthorn.devstack.ReceivedRequest;
import io.posthorn.devstack.ScriptedReply;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Bursts at an endpoint's rate limit or in-flight bound are paced at that endpoint's pace, in
 * memory, and never parked on a retry tier (whose first step here is 1 minute); and an endpoint
 * that stalls costs the others almost nothing. Real Kafka, real HTTP, real time: these are the
 * figures issue 12 asks for.
 */
class PacingIT {
  @Test
  void aBurstToARateLimitedEndpointIsDeliveredAtItsRateNeverFasterAndNothingIsParked() {
    int events = 3000;
    int rate = 100;
    RecordingDeliveryListener seen = new RecordingDeliveryListener();
    try (WorkerFixture w = new WorkerFixture(UnaryOperator.identity())) {
      // A long timeout: this is about pacing, not about a receiver slowed by a loaded machine.
      w.endpoints.put(
          w.endpoint("limited").withRatePerSecond(rate).withTimeout(Duration.ofSeconds(20)));
      w.start(seen);

      w.publishMany(events, "order.created");

      await()
          .atMost(Duration.ofSeconds(50))
          .until(() -> w.receiver.requests("/limited").size() >= events);
      List<Instant> at =
          w.receiver.requests("/limited").stream()
              .map(ReceivedRequest::receivedAt)
              .sorted()
              .toList();
      assertThat(at).hasSize(events);
      // The bucket holds one second's worth (100) at once; the other 2,900 take 29 s at 100/s.
      Duration took = Duration.between(at.get(0), at.get(events - 1));
      assertThat(took)
          .as("3,000 at 100/s: 30 s ± 10 %")
          .isBetween(Duration.ofSeconds(27), Duration.ofSeconds(33));
      // When the worker sent each one: arrivals add the receiver's scheduling noise.
      assertNeverFasterThan(
          seen.startedAt.stream().map(RecordingDeliveryListener.Started::at).sorted().toList(),
          rate,
          rate);
      assertThat(seen.parked).as("nothing waits a tier step").isEmpty();
      assertThat(seen.retries).isEmpty();
    }
  }

  @Test
  void aBurstAtAnEndpointsInFlightBoundGoesAtTheEndpointsPaceWithNoneDelayedByATierStep() {
    int events = 2000;
    RecordingDeliveryListener seen = new RecordingDeliveryListener();
    try (WorkerFixture w = new WorkerFixture(UnaryOperator.identity())) {
      w.endpoints.put(
          w.endpoint("bounded").withMaxInFlight(10).withTimeout(Duration.ofSeconds(20)));
      w.receiver.respond(r -> ScriptedReply.delayed(200, Duration.ofMillis(50)));
      w.start(seen);

      w.publishMany(events, "order.created");

      await().atMost(Duration.ofSeconds(45)).until(() -> seen.finished.size() >= events);
      List<Instant> at =
          w.receiver.requests("/bounded").stream()
              .map(ReceivedRequest::receivedAt)
              .sorted()
              .toList();
      Duration took = Duration.between(at.get(0), at.get(events - 1));
      // 10 at a time, 50 ms each: 200/s at best, so 2,000 take 10 s; no tier step (60 s) in
      // between.
      assertThat(took)
          .as("about 200/s")
          .isBetween(Duration.ofMillis(9_900), Duration.ofSeconds(15));
      assertThat(seen.parked).as("nothing parked on a tier").isEmpty();
      assertThat(seen.retries).isEmpty();
      assertThat(seen.finished).hasSize(events);
    }
  }

  @Test
  void aStalledEndpointCostsTheHealthyOnesLessThanATenthOfTheirThroughput() {
    int healthy = 5;
    int perRound = 1000;
    try (WorkerFixture w =
        new WorkerFixture(b -> b.maxInFlight(100).pacingMaxWait(Duration.ofSeconds(5)))) {
      for (int i = 0; i < healthy; i++) {
        w.endpoints.put(w.endpoint("healthy" + i).withTimeout(Duration.ofSeconds(20)));
      }
      // A sixth endpoint beside the five: answering at once (user.*), or stalled (order.*).
      w.endpoints.put(
          w.endpoint("answering").withEventTypes("user.*").withTimeout(Duration.ofSeconds(20)));
      w.endpoints.put(
          w.endpoint("stalled")
              .withEventTypes("order.*")
              .withMaxInFlight(5)
              .withTimeout(Duration.ofSeconds(4)));
      w.receiver.respond(
          r -> r.path().equals("/stalled") ? ScriptedReply.stall() : ScriptedReply.ok());
      w.receiver.keepRequests(false);
      AtomicInteger toHealthy = new AtomicInteger();
      w.receiver.onRequest(
          r -> {
            if (r.path().startsWith("/healthy")) {
              toHealthy.incrementAndGet();
            }
          });
      w.start(DeliveryListener.NONE);
      round(w, toHealthy, "user.created", perRound, healthy); // warm-up

      // Best of three rounds each, alternating, so the machine's noise falls on both alike.
      List<Duration> alone = new ArrayList<>();
      List<Duration> besideTheStalled = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        alone.add(round(w, toHealthy, "user.created", perRound, healthy));
        besideTheStalled.add(round(w, toHealthy, "order.created", perRound, healthy));
      }

      Duration best = alone.stream().min(Duration::compareTo).orElseThrow();
      Duration bestBeside = besideTheStalled.stream().min(Duration::compareTo).orElseThrow();
      assertThat(bestBeside.toNanos())
          .as("healthy endpoints' round beside a stalled one (%s) vs alone (%s)", bestBeside, best)
          .isLessThanOrEqualTo(best.toNanos() * 11 / 10);
    }
  }

  /**
   * Publishes a round of events of this type and times until the healthy endpoints have them all.
   */
  private static Duration round(
      WorkerFixture w, AtomicInteger toHealthy, String type, int events, int healthy) {
    int before = toHealthy.get();
    long started = System.nanoTime();
    w.publishMany(events, type);
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(5))
        .until(() -> toHealthy.get() - before >= events * healthy);
    return Duration.ofNanos(System.nanoTime() - started);
  }

  /**
   * In any window, at most {@code rate} per second of it plus the bucket's {@code burst}, and one
   * request of slack: a request is stamped a moment after its admission, and that moment varies, so
   * a window measured between stamps can be a little shorter than between the admissions (which the
   * gate keeps exact to the token, see {@code EndpointGateTest}).
   */
  private static void assertNeverFasterThan(List<Instant> at, int rate, int burst) {
    for (int i = 0; i < at.size(); i++) {
      for (int j = i + burst; j < at.size(); j++) {
        long windowNanos = Duration.between(at.get(i), at.get(j)).toNanos();
        int count = j - i + 1;
        if (count > burst + 1 + rate * windowNanos / 1_000_000_000.0) {
          throw new AssertionError(
              count
                  + " requests within "
                  + Duration.ofNanos(windowNanos)
                  + " (from #"
                  + i
                  + " to #"
                  + j
                  + "): faster than "
                  + rate
                  + "/s with a bucket of "
                  + burst);
        }
      }
    }
  }
}
