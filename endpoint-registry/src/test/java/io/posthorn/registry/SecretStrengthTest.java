package io.posthorn.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posthorn.schema.endpoint.SecretSeal;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretStrengthTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  @Test
  void anAdminKeyOfOneRepeatedCharacterFailsNamingTheKey() {
    assertThatThrownBy(
            () -> RegistrySettings.parse(settings("a".repeat(32), SecretSeal.generateMasterKey())))
        .isInstanceOf(RegistryConfigException.class)
        .hasMessageStartingWith("registry.admin-key is too weak: it has only 1 distinct characters")
        .hasMessageNotContaining("aaaa");
  }

  @Test
  void anAllZeroMasterKeyFailsNamingTheKey() {
    String zeros = Base64.getEncoder().encodeToString(new byte[32]);

    assertThatThrownBy(() -> RegistrySettings.parse(settings(null, zeros)))
        .isInstanceOf(RegistryConfigException.class)
        .hasMessageStartingWith("registry.secret-key is too weak")
        .hasMessageNotContaining(zeros);
  }

  @Test
  void lowEntropyAndRepeatedPatternsAreWeak() {
    assertThat(SecretStrength.weakness("abababababababababababababababab"))
        .hasValueSatisfying(why -> assertThat(why).contains("distinct"));
    assertThat(SecretStrength.weakness("a".repeat(23) + "bcdefghijk"))
        .hasValueSatisfying(why -> assertThat(why).contains("bits"));
    assertThat(SecretStrength.weakness("0123456789abcdef0123456789abcdef"))
        .hasValueSatisfying(why -> assertThat(why).contains("repeated"));
    byte[] patterned = new byte[32];
    for (int i = 0; i < 32; i++) {
      patterned[i] = (byte) (i % 16);
    }
    assertThat(SecretStrength.weakness(patterned)).isPresent();
  }

  @Test
  void randomKeysOfEveryUsualSpellingPass() {
    for (int i = 0; i < 2000; i++) {
      byte[] raw = new byte[32];
      RANDOM.nextBytes(raw);
      byte[] half = new byte[16];
      RANDOM.nextBytes(half);
      assertThat(SecretStrength.weakness(raw)).isEmpty();
      assertThat(SecretStrength.weakness(HexFormat.of().formatHex(half)))
          .as("32 hex characters")
          .isEmpty();
      assertThat(
              SecretStrength.weakness(
                  "phk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw)))
          .isEmpty();
    }
    assertThat(
            RegistrySettings.parse(
                    settings(
                        "phk_test_admin_key_0123456789abcdefghijklmnop",
                        SecretSeal.generateMasterKey()))
                .adminKey())
        .isNotNull();
  }

  private static Map<String, String> settings(String adminKey, String masterKey) {
    Map<String, String> s =
        new HashMap<>(
            Map.of(
                "registry.database.url",
                "jdbc:postgresql://localhost:5432/p",
                "registry.database.user",
                "u",
                "registry.database.password",
                "",
                "registry.kafka.bootstrap-servers",
                "localhost:9092",
                "registry.secret-key",
                masterKey));
    if (adminKey != null) {
      s.put("registry.admin-key", adminKey);
    }
    return s;
  }
}
