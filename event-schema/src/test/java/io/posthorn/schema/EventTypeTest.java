package io.posthorn.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class EventTypeTest {

  @Test
  void acceptsTwoLowercaseSegments() {
    assertThat(EventType.of("order.completed").name()).isEqualTo("order.completed");
  }

  @Test
  void acceptsUnderscoresAndDigitsAfterTheFirstLetter() {
    assertThat(EventType.of("user_profile.updated_v2").name()).isEqualTo("user_profile.updated_v2");
  }

  @Test
  void acceptsMoreThanTwoSegments() {
    assertThat(EventType.of("billing.invoice.paid").name()).isEqualTo("billing.invoice.paid");
  }

  @Test
  void printsAsItsName() {
    assertThat(EventType.of("order.completed")).hasToString("order.completed");
  }

  @Test
  void rejectsEventTypeWithSingleSegment() {
    assertRejected("order").hasMessageContaining("'order'");
  }

  @Test
  void rejectsEventTypeWithUppercase() {
    assertRejected("Order.Completed").hasMessageContaining("'Order.Completed'");
  }

  @Test
  void rejectsEventTypeWithLeadingDigit() {
    assertRejected("1order.completed");
  }

  @Test
  void rejectsSegmentWithLeadingDigit() {
    assertRejected("user.2fa_enabled");
  }

  @Test
  void rejectsEventTypeWithTrailingDot() {
    assertRejected("order.completed.");
  }

  @Test
  void rejectsEventTypeWithEmptySegment() {
    assertRejected("order..completed");
  }

  @Test
  void rejectsEventTypeWithTrailingNewline() {
    assertRejected("order.completed\n");
  }

  @Test
  void rejectsEmptyEventType() {
    assertRejected("").hasMessageContaining("''");
  }

  @Test
  void rejectsNullEventTypeSayingNull() {
    assertRejected(null).hasMessageStartingWith("event type null ");
  }

  /** Every refusal names the rule, so whoever wrote the row can fix it without reading code. */
  private static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(String name) {
    return assertThatThrownBy(() -> EventType.of(name))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("naming rule ^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+$")
        .hasMessageContaining("e.g. order.completed");
  }
}
