package io.posthorn.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.posthorn.schema.health.Health;
import io.posthorn.schema.health.Health.Status;
import org.junit.jupiter.api.Test;

class RelayHealthTest {
  private final RelayHealth health = new RelayHealth("posthorn_relay");

  @Test
  void startingUntilStreaming_thenReady() {
    assertThat(health.get().status()).isEqualTo(Status.STARTING);

    health.active();
    assertThat(health.get())
        .isEqualTo(Health.starting("holds the lease of slot posthorn_relay; starting its engine"));

    health.streaming();
    assertThat(health.get()).isEqualTo(Health.ready());
  }

  @Test
  void aStandbyIsReady_andSaysItIsOne() {
    health.standby("pid 4242 on relay-2");

    assertThat(health.get().isReady()).isTrue();
    assertThat(health.get().detail())
        .isEqualTo("standby: the lease of slot posthorn_relay is held by pid 4242 on relay-2");
  }

  @Test
  void aRestartIsNotReady_withItsCause() {
    health.streaming();

    health.waiting("restarting its engine: topic posthorn.events is missing on Kafka");

    assertThat(health.get())
        .isEqualTo(
            Health.starting("restarting its engine: topic posthorn.events is missing on Kafka"));
  }

  @Test
  void stoppingByItselfIsFailedWithTheCause_aCloseIsNot() {
    health.stopped(new RelayGaveUpException("topic posthorn.events is missing on Kafka"));
    assertThat(health.get())
        .isEqualTo(
            Health.failed(
                "relay on slot posthorn_relay stopped: topic posthorn.events is missing on Kafka"));

    RelayHealth closed = new RelayHealth("posthorn_relay");
    closed.stopped(null);
    assertThat(closed.get()).isEqualTo(Health.starting("stopped"));
  }
}
