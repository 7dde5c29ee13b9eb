package io.posthorn.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.posthorn.schema.health.Health;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Two relays on one slot, in one JVM; the kill -9 takeover runs against real processes in ops
 * (RelayProcessIT).
 */
class StandbyIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void secondRelayWaitsAsStandby_thenTakesOverWhenTheActiveOneStops_losingNothing() {
    try (RelayFixture fx = new RelayFixture("standby")) {
      RelayConfig config = fx.config().build();
      RecordingRelayListener first = new RecordingRelayListener();
      RecordingRelayListener second = new RecordingRelayListener();
      OutboxRelay active = fx.start(config, first);
      await().atMost(WAIT).until(() -> first.streaming.get() == 1);
      OutboxRelay standby = fx.start(config, second);
      await().atMost(WAIT).until(() -> second.standby.get() == 1);

      List<UUID> before = fx.insert(200);
      await().atMost(WAIT).until(() -> first.published.size() == 200);
      assertThat(second.holder.get())
          .contains("posthorn-relay pid " + ProcessHandle.current().pid());
      assertThat(active.health()).isEqualTo(Health.ready());
      assertThat(standby.health().isReady()).as("a standby is ready to take over").isTrue();
      assertThat(standby.health().detail())
          .startsWith("standby: the lease of slot slot_" + fx.name + " is held by");
      assertThat(second.active.get()).isZero();
      assertThat(second.published).isEmpty();

      active.close();
      assertThat(active.health()).isEqualTo(Health.starting("stopped"));
      List<UUID> after = fx.insert(200);
      await().atMost(WAIT).until(() -> second.published.size() == 200);
      assertThat(second.active.get()).isEqualTo(1);
      assertThat(second.published)
          .containsExactlyInAnyOrderElementsOf(after.stream().map(UUID::toString).toList());
      List<String> all = new ArrayList<>(before.stream().map(UUID::toString).toList());
      all.addAll(second.published);
      assertThat(fx.eventIds(400, WAIT)).containsExactlyInAnyOrderElementsOf(all);
    }
  }

  @Test
  void whenTheActiveRelaysLeaseSessionIsKilled_itStopsStreaming_andOneRelayCarriesOn() {
    try (RelayFixture fx = new RelayFixture("leaselost")) {
      RelayConfig config = fx.config().build();
      RecordingRelayListener first = new RecordingRelayListener();
      RecordingRelayListener second = new RecordingRelayListener();
      fx.start(config, first);
      await().atMost(WAIT).until(() -> first.streaming.get() == 1);
      fx.start(config, second);
      await().atMost(WAIT).until(() -> second.standby.get() == 1);

      fx.execute(
          "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted"
              + " AND classid = 1886352244"); // the lease session of the first relay
      await().atMost(WAIT).until(() -> second.streaming.get() == 1 || first.streaming.get() == 2);
      List<UUID> ids = fx.insert(100);

      await().atMost(WAIT).until(() -> first.published.size() + second.published.size() >= 100);
      Set<String> all =
          new HashSet<>(first.published); // both may have published during the overlap
      all.addAll(second.published);
      assertThat(all)
          .containsExactlyInAnyOrderElementsOf(ids.stream().map(UUID::toString).toList());
    }
  }

  @Test
  void aRelayThatLosesItsLeaseIsNotReady_untilItHoldsItAgainAndStreams() {
    try (RelayFixture fx = new RelayFixture("leaseready")) {
      RecordingRelayListener events = new RecordingRelayListener();
      OutboxRelay relay = fx.start(fx.config().build(), events);
      await().atMost(WAIT).until(() -> relay.health().isReady());

      fx.execute(
          "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted"
              + " AND classid = 1886352244");

      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(5))
          .until(() -> !relay.health().isReady());
      assertThat(relay.health().isFailed()).as("a lost lease is waited out, not fatal").isFalse();
      await().atMost(WAIT).until(() -> relay.health().isReady());
      List<UUID> ids = fx.insert(10);
      await().atMost(WAIT).until(() -> events.published.size() >= 10);
      assertThat(events.published).containsAll(ids.stream().map(UUID::toString).toList());
    }
  }
}
