package io.posthorn.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HeartbeatIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void onAnIdleOutboxHeartbeatsKeepMovingTheSlotsConfirmedPositionPastOtherWrites() {
    RecordingRelayListener events = new RecordingRelayListener();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    RelayMetrics metrics = new RelayMetrics(registry);
    try (RelayFixture fx = new RelayFixture("heartbeat")) {
      RelayConfig config = fx.config().heartbeatInterval(Duration.ofMillis(300)).build();
      fx.start(config, RelayListener.all(events, metrics));
      await().atMost(WAIT).until(() -> events.streaming.get() == 1);
      // WAL from a table the publication does not carry: without heartbeats the slot would stay
      // behind it.
      fx.execute(
          "CREATE TABLE unrelated (n int); INSERT INTO unrelated SELECT generate_series(1, 50000)");
      String walAfterOtherWrites = fx.query("SELECT pg_current_wal_lsn()");

      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(
                          fx.query(
                              "SELECT pg_wal_lsn_diff(confirmed_flush_lsn, '"
                                  + walAfterOtherWrites
                                  + "') >= 0 FROM pg_replication_slots"
                                  + " WHERE slot_name = '"
                                  + config.slotName()
                                  + "'"))
                      .isEqualTo("t"));
      assertThat(events.heartbeats.get()).isPositive();
      assertThat(events.published).isEmpty();
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                assertThat(registry.get("posthorn.relay.heartbeats").counter().count())
                    .isPositive();
                assertThat(events.lastSlotStatus.get()).isNotNull();
                assertThat(events.lastSlotStatus.get().exists()).isTrue();
                assertThat(events.lastSlotStatus.get().active()).isTrue();
                assertThat(registry.get("posthorn.relay.slot.retained.wal").gauge().value())
                    .isEqualTo((double) events.lastSlotStatus.get().retainedWalBytes());
                assertThat(registry.get("posthorn.relay.active").gauge().value()).isEqualTo(1.0);
              });
    }
  }
}
