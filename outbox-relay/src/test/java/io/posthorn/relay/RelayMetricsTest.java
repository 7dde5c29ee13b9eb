package io.posthorn.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RelayMetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final RelayMetrics metrics = new RelayMetrics(registry);

  @Test
  void streamingIsOneOnlyBetweenStreamingAndTheNextRestartStandbyOrStop() {
    assertThat(streaming()).isZero();
    metrics.active();
    assertThat(streaming()).as("holding the lease, engine starting").isZero();
    metrics.streaming();
    assertThat(streaming()).isEqualTo(1);
    metrics.engineRestarting(new EngineRestart.Stalled(Duration.ofSeconds(30)));
    assertThat(streaming()).isZero();
    metrics.streaming();
    metrics.stopped(null);
    assertThat(streaming()).isZero();
    metrics.standby("pid 42");
    assertThat(streaming()).isZero();
  }

  @Test
  void everyRestartReasonIsMeteredFromTheStartAtZero() {
    for (String reason : EngineRestart.REASONS) {
      assertThat(
              registry
                  .get("posthorn.relay.engine.restarts")
                  .tag("reason", reason)
                  .counter()
                  .count())
          .isZero();
    }
    metrics.engineRestarting(new EngineRestart.Failed(new IllegalStateException("x")));
    assertThat(
            registry
                .get("posthorn.relay.engine.restarts")
                .tag("reason", "failed")
                .counter()
                .count())
        .isEqualTo(1);
  }

  private double streaming() {
    return registry.get("posthorn.relay.streaming").gauge().value();
  }
}
