package io.posthorn.delivery.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class EventTypeFilterTest {
  @Test
  void exactTypeMatchesOnlyItself() {
    EventTypeFilter f = new EventTypeFilter(List.of("order.completed"));

    assertThat(f.matches("order.completed")).isTrue();
    assertThat(f.matches("order.created")).isFalse();
    assertThat(f.matches("order.completed.v2")).isFalse();
  }

  @Test
  void prefixWildcardMatchesEverythingBelowButNotThePrefixAlone() {
    EventTypeFilter f = new EventTypeFilter(List.of("order.*"));

    assertThat(f.matches("order.completed")).isTrue();
    assertThat(f.matches("order.item.added")).isTrue();
    assertThat(f.matches("order")).isFalse();
    assertThat(f.matches("orders.completed")).isFalse();
  }

  @Test
  void starMatchesEveryType() {
    assertThat(new EventTypeFilter(List.of("*")).matches("anything.at_all")).isTrue();
  }

  @Test
  void anyOfSeveralPatternsMatches() {
    EventTypeFilter f = new EventTypeFilter(List.of("user.created", "payment.*"));

    assertThat(f.matches("payment.failed")).isTrue();
    assertThat(f.matches("user.created")).isTrue();
    assertThat(f.matches("user.deleted")).isFalse();
  }

  @Test
  void refusesMalformedPatternsNamingThem() {
    assertThatThrownBy(() -> new EventTypeFilter(List.of("order.*.created")))
        .hasMessageContaining("'order.*.created'");
    assertThatThrownBy(() -> new EventTypeFilter(List.of("Order.Created")))
        .hasMessageContaining("'Order.Created'");
    assertThatThrownBy(() -> new EventTypeFilter(List.of()))
        .hasMessageContaining("at least one event type pattern");
  }
}
