package io.posthorn.delivery.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryLadderTest {
  @Test
  void theDefaultLadderIsTheProductPromise() {
    assertThat(RetryLadder.parse("1m,5m,30m,2h,24h")).isEqualTo(RetryLadder.DEFAULT);
    assertThat(RetryLadder.DEFAULT.topics("posthorn.retry."))
        .containsExactly(
            "posthorn.retry.1m",
            "posthorn.retry.5m",
            "posthorn.retry.30m",
            "posthorn.retry.2h",
            "posthorn.retry.24h");
  }

  @Test
  void aScaledLadderNamesItsTiersInMilliseconds() {
    RetryLadder scaled = RetryLadder.parse("100ms, 250ms,1500ms");

    assertThat(scaled.steps())
        .containsExactly(Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(1500));
    assertThat(scaled.topics("t.")).containsExactly("t.100ms", "t.250ms", "t.1500ms");
  }

  @Test
  void refusesAStepThatIsNotLongerThanTheOneBefore() {
    assertThatThrownBy(() -> new RetryLadder(List.of(Duration.ofMinutes(5), Duration.ofMinutes(5))))
        .hasMessage("[1] must be longer than [0], got PT5M");
  }

  @Test
  void refusesUnreadableDurations() {
    assertThatThrownBy(() -> RetryLadder.parse("1m,5 minutes"))
        .hasMessage("'5 minutes' is not a duration such as 250ms, 3s, 5m, 2h, 1d or PT10S");
  }
}
