package io.posthorn.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.posthorn.devstack.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WatchdogTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private final ManualClock clock = new ManualClock();
  private final Watchdog watchdog = new Watchdog(clock, TIMEOUT);

  @Test
  void streamSilentForLongerThanTheTimeoutIsStalled_sayingForHowLong() {
    watchdog.streamingStarted();
    clock.advance(TIMEOUT.plusMillis(1));

    assertThat(watchdog.stalledFor()).contains(TIMEOUT.plusMillis(1));
  }

  @Test
  void silenceUpToTheTimeoutIsNotAStall() {
    watchdog.streamingStarted();
    clock.advance(TIMEOUT);

    assertThat(watchdog.stalledFor()).isEmpty();
  }

  @Test
  void eachRecordFromTheWalRestartsTheCount() {
    watchdog.streamingStarted();
    clock.advance(Duration.ofSeconds(25));
    watchdog.walActivity();
    clock.advance(Duration.ofSeconds(25));

    assertThat(watchdog.stalledFor()).isEmpty();
  }

  @Test
  void beforeStreamingTheEngineGetsTheStartupAllowanceOnTop() {
    clock.advance(TIMEOUT.plus(Watchdog.STARTUP_ALLOWANCE));
    assertThat(watchdog.stalledFor()).isEmpty();

    clock.advance(Duration.ofMillis(1));
    assertThat(watchdog.stalledFor()).contains(TIMEOUT.plusMillis(1));
  }
}
