package io.posthorn.schema.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posthorn.schema.task.DeadLetterReason.Cause;
import org.junit.jupiter.api.Test;

class DeadLetterReasonTest {
  @Test
  void theHeaderTextStaysWhatReadersAlreadyKnow() {
    assertThat(DeadLetterReason.of(Cause.GONE, "the endpoint answered 410").header())
        .isEqualTo("gone: the endpoint answered 410");
    assertThat(DeadLetterReason.of(Cause.DISABLED, "").header()).isEqualTo("disabled");
  }

  @Test
  void readsBackWhatItWrote() {
    DeadLetterReason r =
        DeadLetterReason.of(Cause.EXHAUSTED, "6 attempts failed, the last with HTTP 503: a: b");

    assertThat(DeadLetterReason.parse(r.header())).isEqualTo(r);
  }

  @Test
  void aTextWithoutAKnownCauseIsNamedNotGuessed() {
    assertThat(DeadLetterReason.causeOf("lost: who knows")).isEmpty();
    assertThat(DeadLetterReason.causeOf(null)).isEmpty();
    assertThatThrownBy(() -> DeadLetterReason.parse("lost: who knows"))
        .hasMessage("dead-letter reason 'lost: who knows' does not start with a known cause");
  }
}
