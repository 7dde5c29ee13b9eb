package io.posthorn.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Two relays on one slot, in one JVM; the kill -9 takeover runs against real processes in ops (RelayProcessIT). */
class StandbyIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void secondRelayWaitsAsStandby_thenTakesOverWhenTheActiveOneStops_losingNothing() {
    try (RelayFixture fx = new RelayFixture("standby")) {
      RelayConfig config = fx.config().build();
      RecordingListener first = new RecordingListener();
      RecordingListener second = new RecordingListener();
      OutboxRelay active = fx.start(config, first);
      await().atMost(WAIT).until(() -> first.streaming.get() == 1);
      fx.start(config, second);
      await().atMost(WAIT).until(() -> second.standby.get() == 1);

      List<UUID> before = fx.insert(200);
      await().atMost(WAIT).until(() -> first.published.size() == 200);
      assertThat(second.holder.get()).contains("posthorn-relay pid " + ProcessHandle.current().pid());
      assertThat(second.active.get()).isZero();
      assertThat(second.published).isEmpty();

      active.close();
      List<UUID> after = fx.insert(200);
      await().atMost(WAIT).until(() -> second.published.size() == 200);
      assertThat(second.active.get()).isEqualTo(1);
      assertThat(second.published).containsExactlyInAnyOrderElementsOf(after.stream().map(UUID::toString).toList());
      List<String> all = new ArrayList<>(before.stream().map(UUID::toString).toList());
      all.addAll(second.published);
      assertThat(fx.eventIds(400, WAIT)).containsExactlyInAnyOrderElementsOf(all);
    }
  }
}
