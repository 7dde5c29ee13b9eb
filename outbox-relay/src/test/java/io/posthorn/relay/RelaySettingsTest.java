package io.posthorn.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RelaySettingsTest {
  private static final Map<String, String> REQUIRED =
      Map.of(
          "relay.database.url", "jdbc:postgresql://db:5432/shop",
          "relay.database.user", "relay",
          "relay.database.password", "",
          "relay.kafka.bootstrap-servers", "k:9092");

  @Test
  void theDefinitionsDefaultsAreTheBuildersDefaults() {
    assertThat(RelaySettings.parse(REQUIRED))
        .isEqualTo(
            RelayConfig.builder("jdbc:postgresql://db:5432/shop", "relay", "", "k:9092").build());
  }

  @Test
  void anUnknownRelayKeyFailsNamingTheNearestOne() {
    Map<String, String> s = new HashMap<>(REQUIRED);
    s.put("relay.watchdog-timout", "1m");

    assertThatThrownBy(() -> RelaySettings.parse(s))
        .isInstanceOf(RelayConfigException.class)
        .hasMessage(
            "relay.watchdog-timout is not a known key (did you mean relay.watchdog-timeout?)");
  }
}
