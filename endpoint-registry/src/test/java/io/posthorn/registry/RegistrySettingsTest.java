package io.posthorn.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posthorn.schema.endpoint.SecretSeal;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistrySettingsTest {
  private static Map<String, String> required() {
    return new HashMap<>(
        Map.of(
            "registry.database.url", "jdbc:postgresql://localhost:5432/p",
            "registry.database.user", "u",
            "registry.database.password", "",
            "registry.kafka.bootstrap-servers", "localhost:9092",
            "registry.secret-key", SecretSeal.generateMasterKey()));
  }

  @Test
  void theDefinitionsDefaultsAreTheBuildersDefaults() {
    RegistryConfig parsed = RegistrySettings.parse(required());
    RegistryConfig built =
        RegistryConfig.builder(
                "jdbc:postgresql://localhost:5432/p",
                "u",
                "",
                "localhost:9092",
                parsed.secretSeal())
            .build();

    assertThat(parsed).usingRecursiveComparison().isEqualTo(built);
  }

  @Test
  void aBadValueNamesTheKey() {
    Map<String, String> s = required();
    s.put("registry.attempts.retention", "a month");

    assertThatThrownBy(() -> RegistrySettings.parse(s))
        .isInstanceOf(RegistryConfigException.class)
        .hasMessage(
            "registry.attempts.retention must be a duration such as 250ms, 10s, 5m, 1h, 1d or"
                + " PT10S, got 'a month'");
  }
}
