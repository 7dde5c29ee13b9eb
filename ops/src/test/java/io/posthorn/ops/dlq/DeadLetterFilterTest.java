package io.posthorn.ops.dlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posthorn.schema.task.DeliveryTask;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class DeadLetterFilterTest {
  static final Instant T = Instant.parse("2026-01-15T10:00:00Z");

  static DeadLetter letter(String endpoint, String type, String tenant, String reason, Instant at) {
    DeliveryTask task =
        DeliveryTask.fresh(
            new DeliveryTask.Identity(
                endpoint,
                "evt-1",
                type,
                tenant,
                null,
                null,
                new byte[0],
                new DeliveryTask.Origin("posthorn.events", 0, 1)));
    return new DeadLetter(task, reason, at, 0, 7);
  }

  static DeadLetterFilter filter(
      Set<String> endpoints,
      Set<String> tenants,
      Set<String> types,
      Set<String> reasons,
      Instant since,
      Instant until) {
    return new DeadLetterFilter(
        new TreeSet<>(endpoints),
        new TreeSet<>(tenants),
        new TreeSet<>(types),
        new TreeSet<>(reasons),
        since,
        until);
  }

  @Test
  void valuesOfOneOptionAreAlternativesAndOptionsCombine() {
    DeadLetterFilter f =
        filter(Set.of("ep_a", "ep_b"), Set.of(), Set.of("order.*"), Set.of("gone"), null, null);

    assertThat(f.selects(letter("ep_b", "order.completed", null, "gone: 410", T))).isTrue();
    assertThat(f.selects(letter("ep_c", "order.completed", null, "gone: 410", T))).isFalse();
    assertThat(f.selects(letter("ep_a", "user.created", null, "gone: 410", T))).isFalse();
    assertThat(f.selects(letter("ep_a", "order.completed", null, "exhausted: 6 attempts", T)))
        .isFalse();
  }

  @Test
  void aTenantFilterNeverSelectsAGlobalEvent() {
    DeadLetterFilter f = filter(Set.of(), Set.of("acme"), Set.of(), Set.of(), null, null);

    assertThat(f.selects(letter("ep", "a.b", "acme", "gone", T))).isTrue();
    assertThat(f.selects(letter("ep", "a.b", null, "gone", T))).isFalse();
  }

  @Test
  void sinceIsInclusiveAndUntilExclusive() {
    DeadLetterFilter f = filter(Set.of(), Set.of(), Set.of(), Set.of(), T, T.plusSeconds(60));

    assertThat(f.selects(letter("ep", "a.b", null, "gone", T))).isTrue();
    assertThat(f.selects(letter("ep", "a.b", null, "gone", T.minusMillis(1)))).isFalse();
    assertThat(f.selects(letter("ep", "a.b", null, "gone", T.plusSeconds(60)))).isFalse();
  }

  @Test
  void globsMatchWholeTypes() {
    assertThat(DeadLetterFilter.globMatches("order.*", "order.completed")).isTrue();
    assertThat(DeadLetterFilter.globMatches("*.created", "user.created")).isTrue();
    assertThat(DeadLetterFilter.globMatches("user.?reated", "user.created")).isTrue();
    assertThat(DeadLetterFilter.globMatches("order.*", "preorder.completed")).isFalse();
    assertThat(DeadLetterFilter.globMatches("order", "order.completed")).isFalse();
  }

  @Test
  void refusesMalformedGlobsUnknownReasonsAndAnEmptyWindow() {
    assertThatThrownBy(
            () -> filter(Set.of(), Set.of(), Set.of("order.[a-z]"), Set.of(), null, null))
        .hasMessageStartingWith("--type 'order.[a-z]' is not a glob of event types");
    assertThatThrownBy(() -> filter(Set.of(), Set.of(), Set.of(), Set.of("timeout"), null, null))
        .hasMessage(
            "--reason 'timeout' is not a dead-letter reason: one of aborted, deleted, disabled, exhausted,"
                + " gone, rejected");
    assertThatThrownBy(() -> filter(Set.of(), Set.of(), Set.of(), Set.of(), T, T))
        .hasMessageContaining("--since (2026-01-15T10:00:00Z) must be before --until");
  }

  @Test
  void timesAreInstantsDatesOrAges() {
    Clock clock = Clock.fixed(T, ZoneOffset.UTC);

    assertThat(TimeArgument.parse("--since", "2026-01-14T09:30:00Z", clock))
        .isEqualTo("2026-01-14T09:30:00Z");
    assertThat(TimeArgument.parse("--since", "2026-01-14T10:30:00+01:00", clock))
        .isEqualTo("2026-01-14T09:30:00Z");
    assertThat(TimeArgument.parse("--since", "2026-01-14", clock))
        .isEqualTo("2026-01-14T00:00:00Z");
    assertThat(TimeArgument.parse("--since", "2h", clock)).isEqualTo("2026-01-15T08:00:00Z");
    assertThat(TimeArgument.parse("--since", "1d", clock)).isEqualTo("2026-01-14T10:00:00Z");
    assertThat(TimeArgument.parse("--since", "PT30M", clock)).isEqualTo("2026-01-15T09:30:00Z");
    assertThatThrownBy(() -> TimeArgument.parse("--until", "last tuesday", clock))
        .hasMessageStartingWith("--until 'last tuesday' is not a time");
  }
}
