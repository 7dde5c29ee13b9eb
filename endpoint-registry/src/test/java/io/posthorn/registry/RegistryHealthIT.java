package io.posthorn.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.posthorn.devstack.DevStack;
import io.posthorn.schema.endpoint.SecretSeal;
import io.posthorn.schema.health.Health;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the ops supervisor reads every second: {@link EndpointRegistry#health()}. */
@Timeout(60)
class RegistryHealthIT {
  @Test
  void startingUntilTheApiServes_readyWhileEveryPartLives_startingOnceStopped() {
    DevStack stack = DevStack.shared();
    String database = stack.postgres().createDatabase("health");
    EndpointRegistry registry =
        EndpointRegistry.create(
            RegistryConfig.builder(
                    stack.postgres().jdbcUrl(database),
                    "postgres",
                    "",
                    stack.kafka().bootstrapServers(),
                    SecretSeal.fromBase64(SecretSeal.generateMasterKey()))
                .httpHost("127.0.0.1")
                .httpPort(0)
                .attemptsTopic(database + ".attempts")
                .attemptsGroupId(database + "-registry")
                .build(),
            Clock.systemUTC());

    assertThat(registry.health().status()).isEqualTo(Health.Status.STARTING);
    assertThat(registry.health().detail()).contains("starting");

    registry.start();
    assertThat(registry.health()).isEqualTo(Health.ready());

    registry.close();
    assertThat(registry.health().status()).isEqualTo(Health.Status.STARTING);
    assertThat(registry.health().detail()).contains("stopped");
  }
}
