package io.posthorn.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  private final AtomicLong nanos = new AtomicLong(1_000);

  @Test
  void allowsASecondsBurst_thenOnePerInterval_sayingWhenTheNextIsThere() {
    RateLimiter limiter = new RateLimiter(2, nanos::get);

    assertThat(limiter.take()).isZero();
    assertThat(limiter.take()).isZero();
    assertThat(limiter.take()).isEqualTo(1);

    nanos.addAndGet(499_999_999L);
    assertThat(limiter.take()).isEqualTo(1);
    nanos.addAndGet(1L);
    assertThat(limiter.take()).isZero();
  }

  @Test
  void retryAfterRoundsUpToWholeSeconds() {
    RateLimiter limiter = new RateLimiter(1, nanos::get);
    limiter.take();

    nanos.addAndGet(1_000_000L);
    assertThat(limiter.take()).isEqualTo(1);
  }
}
