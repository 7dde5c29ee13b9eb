package io.posthorn.delivery.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
  /** A Thursday. */
  private static final Instant NOW = Instant.parse("2026-01-15T10:30:00Z");

  @Test
  void readsDelaySeconds() {
    assertThat(RetryAfter.parse("120", NOW)).isEqualTo(Duration.ofSeconds(120));
  }

  @Test
  void readsDelaySecondsWithSurroundingSpace() {
    assertThat(RetryAfter.parse(" 7 ", NOW)).isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void readsZeroSeconds() {
    assertThat(RetryAfter.parse("0", NOW)).isEqualTo(Duration.ZERO);
  }

  @Test
  void readsHttpDateRelativeToNow() {
    assertThat(RetryAfter.parse("Thu, 15 Jan 2026 10:31:30 GMT", NOW))
        .isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void pastHttpDateMeansRetryNow() {
    assertThat(RetryAfter.parse("Thu, 15 Jan 2026 10:00:00 GMT", NOW)).isEqualTo(Duration.ZERO);
  }

  @Test
  void ignoresNegativeSeconds() {
    assertThat(RetryAfter.parse("-5", NOW)).isNull();
  }

  @Test
  void ignoresGarbage() {
    assertThat(RetryAfter.parse("soon, please", NOW)).isNull();
  }

  @Test
  void ignoresFractionalSeconds() {
    assertThat(RetryAfter.parse("1.5", NOW)).isNull();
  }

  @Test
  void ignoresBlank() {
    assertThat(RetryAfter.parse("   ", NOW)).isNull();
  }

  @Test
  void ignoresAbsentHeader() {
    assertThat(RetryAfter.parse(null, NOW)).isNull();
  }

  @Test
  void signedSecondsAreNotDelaySeconds() {
    assertThat(RetryAfter.parse("+5", NOW)).isNull();
  }
}
