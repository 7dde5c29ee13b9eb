package io.posthorn.schema.health;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HealthTest {
  @Test
  void andKeepsTheWorseStatusWithItsDetail() {
    Health ready = Health.ready();
    Health starting = Health.starting("waiting for the routing table");
    Health failed = Health.failed("consume loop posthorn-worker-events died: boom");

    assertThat(ready.and(starting)).isEqualTo(starting);
    assertThat(starting.and(ready)).isEqualTo(starting);
    assertThat(starting.and(failed)).isEqualTo(failed);
    assertThat(failed.and(starting)).isEqualTo(failed);
    assertThat(failed.and(Health.failed("other"))).isEqualTo(failed);
    assertThat(ready.and(ready).isReady()).isTrue();
  }

  @Test
  void aMissingDetailIsEmpty() {
    assertThat(new Health(Health.Status.READY, null).detail()).isEmpty();
    assertThat(Health.failed("x").isFailed()).isTrue();
  }
}
