package io.posthorn.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class EnginePropertiesTest {
  private final Properties p =
      EngineProperties.of(
          RelayConfig.builder("jdbc:postgresql://db:5432/shop", "relay", "", "kafka:9092").build());

  /**
   * The launcher gives the relay a 256 MiB heap: the engine's queue must fit whatever the payloads
   * weigh.
   */
  @Test
  void theEngineQueueIsBoundedInBytes_notOnlyInRecords() {
    assertThat(p.getProperty("max.queue.size")).isEqualTo("8192");
    assertThat(Long.parseLong(p.getProperty("max.queue.size.in.bytes")))
        .isEqualTo(64L * 1024 * 1024);
  }

  @Test
  void pollIntervalAndOffsetFlushFollowTheConfig() {
    assertThat(p.getProperty("poll.interval.ms")).isEqualTo("10");
    assertThat(p.getProperty("offset.flush.interval.ms")).isEqualTo("1000");
  }
}
