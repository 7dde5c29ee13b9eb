package io.posthorn.schema.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class LogContextTest {
  @AfterEach
  void clear() {
    MDC.clear();
  }

  @Test
  void putsTheIdsGivenAndRestoresWhatWasThereOnClose() {
    MDC.put(LogContext.TRACE_ID, "outer-trace");

    LogContext outer = LogContext.open(null, "evt_1", "ep_1");
    try {
      assertThat(MDC.get(LogContext.TRACE_ID)).isEqualTo("outer-trace");
      assertThat(MDC.get(LogContext.EVENT_ID)).isEqualTo("evt_1");
      assertThat(MDC.get(LogContext.ENDPOINT_ID)).isEqualTo("ep_1");
      LogContext inner = LogContext.open("inner-trace", "evt_2", null);
      assertThat(MDC.get(LogContext.TRACE_ID)).isEqualTo("inner-trace");
      assertThat(MDC.get(LogContext.EVENT_ID)).isEqualTo("evt_2");
      inner.close();
      assertThat(MDC.get(LogContext.TRACE_ID)).isEqualTo("outer-trace");
      assertThat(MDC.get(LogContext.EVENT_ID)).isEqualTo("evt_1");
    } finally {
      outer.close();
    }

    assertThat(MDC.get(LogContext.TRACE_ID)).isEqualTo("outer-trace");
    assertThat(MDC.get(LogContext.EVENT_ID)).isNull();
    assertThat(MDC.get(LogContext.ENDPOINT_ID)).isNull();
  }
}
