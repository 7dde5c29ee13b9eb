package io.posthorn.registry.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.posthorn.registry.RegistryJson;
import io.posthorn.schema.endpoint.DeliveryOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerificationTest {
  private static final Instant ASKED = Instant.parse("2026-12-07T10:00:00Z");
  private static final Verification PENDING =
      Verification.requested(
          "c_1", "7d1f6c52-58a4-4f0e-9d7c-0b7a1e0c2f11", ASKED, Duration.ofHours(1));

  private static EndpointRow row(boolean enabled, Verification v) {
    return new EndpointRow(
        "ep_1",
        1,
        "acme",
        "https://hooks.acme.test/in",
        "",
        enabled,
        null,
        List.of("*"),
        3000,
        10,
        0,
        Map.of(),
        "{}",
        null,
        null,
        DeliveryOrder.CONCURRENT,
        Map.of(),
        ASKED,
        ASKED,
        v);
  }

  @Test
  void expiresExactlyAtTheEndOfItsWindow_andOnlyWhilePending() {
    assertThat(PENDING.expiresAt()).isEqualTo(ASKED.plus(Duration.ofHours(1)));
    assertThat(PENDING.expiredAt(PENDING.expiresAt().minusMillis(1))).isFalse();
    assertThat(PENDING.expiredAt(PENDING.expiresAt())).isTrue();
    assertThat(PENDING.verifiedAt(ASKED).expiredAt(ASKED.plus(Duration.ofDays(9)))).isFalse();
    assertThat(PENDING.failed().expiredAt(ASKED.plus(Duration.ofDays(9)))).isFalse();
  }

  @Test
  void theStatusTheApiShowsFollowsEnabledAndTheHandshake() {
    assertThat(row(true, null).status()).isEqualTo("enabled");
    assertThat(row(false, null).status()).isEqualTo("disabled");
    assertThat(row(false, PENDING).status()).isEqualTo("pending_verification");
    assertThat(row(false, PENDING).verificationPending()).isTrue();
    assertThat(row(false, PENDING.failed()).status()).isEqualTo("disabled");
    assertThat(row(true, PENDING.verifiedAt(ASKED)).status()).isEqualTo("enabled");
  }

  @Test
  void storesAsJsonWithLowerCaseStates_andReadsBack() {
    String json = RegistryJson.write(PENDING.verifiedAt(ASKED.plusSeconds(3)));

    assertThat(json).contains("\"state\":\"verified\"", "\"verifiedAt\":\"2026-12-07T10:00:03Z\"");
    assertThat(
            RegistryJson.stored(
                json, new com.fasterxml.jackson.core.type.TypeReference<Verification>() {}, "test"))
        .isEqualTo(PENDING.verifiedAt(ASKED.plusSeconds(3)));
  }
}
