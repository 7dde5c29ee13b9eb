package io.posthorn.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * registry.admin-key is the one bootstrap admin key: changing it at a restart replaces the old one.
 */
class BootstrapAdminKeyIT {
  private static final String NEW_KEY = "phk_rotated_bootstrap_key_9f8e7d6c5b4a3210zyxwvu";

  @Test
  void aChangedAdminKeyReplacesTheOldBootstrapKeyAtTheNextStart() {
    RegistryFixture f = new RegistryFixture();
    String tenantKey = f.tenantKey("acme");
    f.close();

    try (EndpointRegistry restarted =
        EndpointRegistry.create(sameDatabase(f, NEW_KEY), Clock.systemUTC()).start()) {
      Api api = new Api(restarted.url());

      assertThat(api.get("/v1/endpoints", RegistryFixture.ADMIN_KEY).status()).isEqualTo(401);
      assertThat(api.get("/v1/endpoints", NEW_KEY).status()).isEqualTo(200);
      assertThat(api.get("/v1/endpoints", tenantKey).status())
          .as("issued keys are kept")
          .isEqualTo(200);
      List<JsonNode> bootstrap = new ArrayList<>();
      api.get("/v1/api-keys", NEW_KEY)
          .json()
          .path("data")
          .forEach(
              k -> {
                if (k.path("id").asText().startsWith("key_admin_")) {
                  bootstrap.add(k);
                }
              });
      assertThat(bootstrap).hasSize(2);
      assertThat(bootstrap)
          .filteredOn(k -> k.path("revokedAt").isNull())
          .singleElement()
          .satisfies(k -> assertThat(NEW_KEY).startsWith(k.path("prefix").asText()));
    }

    try (EndpointRegistry withoutKey =
        EndpointRegistry.create(sameDatabase(f, null), Clock.systemUTC()).start()) {
      assertThat(new Api(withoutKey.url()).get("/v1/endpoints", NEW_KEY).status())
          .as("no admin key set: no bootstrap key works")
          .isEqualTo(401);
      assertThat(new Api(withoutKey.url()).get("/v1/endpoints", tenantKey).status()).isEqualTo(200);
    }
  }

  private static RegistryConfig sameDatabase(RegistryFixture f, String adminKey) {
    RegistryConfig c = f.config;
    return RegistryConfig.builder(
            c.databaseUrl(),
            c.databaseUser(),
            c.databasePassword(),
            c.bootstrapServers(),
            c.secretSeal())
        .httpHost("127.0.0.1")
        .httpPort(0)
        .adminKey(adminKey)
        .attemptsTopic(c.attemptsTopic())
        .redeliveriesTopic(c.redeliveriesTopic())
        .eventsTopic(c.eventsTopic())
        .attemptsGroupId(c.attemptsGroupId())
        .build();
  }
}
