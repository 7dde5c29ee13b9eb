package io.posthorn.registry.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SessionTermsTest {
  private static final Instant START = Instant.parse("2026-12-07T10:00:00Z");
  private final SessionTerms terms = new SessionTerms(Duration.ofMinutes(30), Duration.ofHours(8));

  @Test
  void liveUntilTheIdleLimit_thenIdle() {
    Instant last = START.plus(Duration.ofMinutes(5));
    assertThat(terms.judge(START, last, last.plus(Duration.ofMinutes(30)).minusMillis(1)))
        .isInstanceOf(SessionTerms.Live.class);
    assertThat(terms.judge(START, last, last.plus(Duration.ofMinutes(30))))
        .isInstanceOf(SessionTerms.Idle.class);
  }

  @Test
  void anActiveSessionStillEndsAtTheAbsoluteLimit() {
    Instant end = START.plus(Duration.ofHours(8));
    assertThat(terms.judge(START, end.minusSeconds(1), end.minusMillis(1)))
        .isEqualTo(new SessionTerms.Live(end.minusMillis(1).plus(Duration.ofMinutes(30))));
    assertThat(terms.judge(START, end.minusSeconds(1), end)).isInstanceOf(SessionTerms.Over.class);
  }
}
