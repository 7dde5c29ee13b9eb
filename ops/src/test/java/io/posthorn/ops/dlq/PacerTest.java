package io.posthorn.ops.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pacer on a fake clock that only moves when it sleeps. */
class PacerTest {
  long now = 1_000;
  final List<Long> grantedAt = new ArrayList<>();
  final Pacer pacer = new Pacer(20, () -> now, nanos -> now += nanos);

  @Test
  void permitsAreSpacedEvenlyWithNoBurst() {
    for (int i = 0; i < 5; i++) {
      assertThat(pacer.acquire(() -> false)).isTrue();
      grantedAt.add(now);
    }

    assertThat(grantedAt)
        .containsExactly(1_000L, 50_001_000L, 100_001_000L, 150_001_000L, 200_001_000L);
  }

  @Test
  void aSlowCallerBuildsUpNoCredit() {
    pacer.acquire(() -> false);
    now += 1_000_000_000L; // the caller was busy for a second

    pacer.acquire(() -> false);
    long second = now;
    pacer.acquire(() -> false);

    assertThat(now - second).isEqualTo(50_000_000L);
  }

  @Test
  void aStopRequestEndsTheWait() {
    pacer.acquire(() -> false);

    assertThat(pacer.acquire(() -> true)).isFalse();
  }
}
