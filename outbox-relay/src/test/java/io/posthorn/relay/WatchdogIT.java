package io.posthorn.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class WatchdogIT {
  private static final Duration WAIT = Duration.ofSeconds(90);

  /**
   * A stalled stream, as after a socket reset nobody noticed: the walsender is frozen with SIGSTOP,
   * so the connection stays open and nothing comes through.
   */
  @Test
  void restartsAnEngineWhoseStreamWentSilent_andCatchesUpOnRowsWrittenMeanwhile() throws Exception {
    try (RelayFixture fx = new RelayFixture("watchdog")) {
      RecordingRelayListener events = new RecordingRelayListener();
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      RelayMetrics metrics = new RelayMetrics(registry);
      RelayConfig config =
          fx.config()
              .heartbeatInterval(Duration.ofMillis(500))
              .watchdogTimeout(Duration.ofSeconds(4))
              .build();
      fx.start(config, RelayListener.all(events, metrics));
      await().atMost(WAIT).until(() -> events.heartbeats.get() > 0);
      String walsender = fx.activeWalsender();

      signal("STOP", walsender);
      try {
        List<UUID> duringStall = fx.insert(50);
        await().atMost(WAIT).until(() -> !events.restarts.isEmpty());
        assertThat(events.restarts.get(0)).isInstanceOf(EngineRestart.Stalled.class);
        assertThat(((EngineRestart.Stalled) events.restarts.get(0)).silentFor())
            .isGreaterThan(Duration.ofSeconds(4));
        assertThat(
                registry
                    .get("posthorn.relay.engine.restarts")
                    .tag("reason", "stalled")
                    .counter()
                    .count())
            .isGreaterThanOrEqualTo(1.0);
        resume(walsender); // the relay terminated it; now it can go, if it is not gone already

        await().atMost(WAIT).until(() -> events.published.size() >= 50);
        assertThat(events.published).containsAll(duringStall.stream().map(UUID::toString).toList());
        assertThat(fx.activeWalsender()).isNotEqualTo(walsender);
      } finally {
        resume(walsender);
      }
    }
  }

  private static void signal(String signal, String pid) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + signal, pid).redirectErrorStream(true).start();
    assertThat(kill.waitFor()).as("kill -%s %s", signal, pid).isZero();
  }

  private static void resume(String pid) throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-CONT", pid).redirectErrorStream(true).start().waitFor();
  }
}
