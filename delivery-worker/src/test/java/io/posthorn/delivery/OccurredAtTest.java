package io.posthorn.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OccurredAtTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-12-07T22:20:00Z",
        "2026-12-07T22:20:00.1Z",
        "2026-12-07T22:20:00.123Z",
        "2026-12-07T22:20:00.123456Z",
        "2026-12-07T22:20:00.123456789Z",
        "1970-01-01T00:00:00Z",
        "1969-12-31T23:59:59.999999999Z",
        "2024-02-29T12:00:00.5Z",
        "+12026-12-07T22:20:00Z",
        "2026-12-07T22:20:00+01:00",
        "2026-12-07T23:59:60Z",
        "2026-12-07T22:20:00.Z"
      })
  void readsWhatInstantParseReads(String text) {
    assertThat(OccurredAt.parse(text)).isEqualTo(Instant.parse(text));
  }

  @Test
  void readsWhatInstantWrites() {
    Instant now = Instant.now();
    assertThat(OccurredAt.parse(now.toString())).isEqualTo(now);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-02-30T22:20:00Z",
        "2026-12-07T24:20:00Z",
        "2026-12-07 22:20:00Z",
        "2026-12-07T22:20:0xZ",
        "yesterday"
      })
  void refusesWhatInstantParseRefuses(String text) {
    assertThatThrownBy(() -> OccurredAt.parse(text)).isInstanceOf(DateTimeParseException.class);
  }
}
