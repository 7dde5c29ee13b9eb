package io.posthorn.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TraceIdTest {
  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

  @Test
  void readsTheTraceIdOfAVersion00Traceparent() {
    assertThat(TraceId.fromTraceparent("00-" + TRACE + "-00f067aa0ba902b7-01")).contains(TRACE);
  }

  @Test
  void toleratesSurroundingWhitespace() {
    assertThat(TraceId.fromTraceparent(" 00-" + TRACE + "-00f067aa0ba902b7-00 ")).contains(TRACE);
  }

  @Test
  void readsAFutureVersionWithExtraFields() {
    assertThat(
            TraceId.fromTraceparent("cc-" + TRACE + "-00f067aa0ba902b7-09-what-the-future-holds"))
        .contains(TRACE);
  }

  @Test
  void absentHeaderHasNoTraceId() {
    assertThat(TraceId.fromTraceparent(null)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", // uppercase
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01", // all-zero trace id
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", // all-zero parent id
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", // forbidden version
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra", // version 00 has exactly 4
        // fields
        "cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x", // future version, no dash after
        // flags
        "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01", // 31-digit trace id
        "4bf92f3577b34da6a3ce929d0e0e4736" // a bare trace id is not a traceparent
      })
  void invalidTraceparentIsIgnoredAsW3cRequires(String header) {
    assertThat(TraceId.fromTraceparent(header)).isEmpty();
  }
}
