package io.posthorn.delivery.retry;

import static org.assertj.core.api.Assertions.assertThat;

import io.posthorn.delivery.dispatch.AttemptOutcome;
import io.posthorn.schema.task.DeadLetterReason;
import io.posthorn.schema.task.DeliveryTask;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class NextStepTest {
  private static final RetryLadder LADDER = RetryLadder.parse("100ms,500ms,2s");
  private static final Duration CAP = LADDER.longest();
  private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
  private static final AttemptOutcome FAILED =
      new AttemptOutcome.Retryable(503, "HTTP 503", null, "", Duration.ZERO);

  private static DeliveryTask afterAttempts(int n) {
    DeliveryTask t =
        DeliveryTask.fresh(
            new DeliveryTask.Identity(
                "ep",
                "evt",
                "order.created",
                null,
                null,
                null,
                new byte[0],
                new DeliveryTask.Origin("posthorn.events", 0, 7)));
    for (int i = 0; i < n; i++) {
      t = t.attempted(NOW, 503, "HTTP 503");
    }
    return t;
  }

  private static AttemptOutcome retryAfter(Duration d) {
    return new AttemptOutcome.Retryable(429, "HTTP 429", d, "", Duration.ZERO);
  }

  @Test
  void eachFailedAttemptClimbsOneTierThenTheTaskIsDeadLettered() {
    assertThat(NextStep.after(afterAttempts(1), FAILED, LADDER, CAP, NOW))
        .isEqualTo(new NextStep.Retry(0, NOW.plusMillis(100)));
    assertThat(NextStep.after(afterAttempts(2), FAILED, LADDER, CAP, NOW))
        .isEqualTo(new NextStep.Retry(1, NOW.plusMillis(500)));
    assertThat(NextStep.after(afterAttempts(3), FAILED, LADDER, CAP, NOW))
        .isEqualTo(new NextStep.Retry(2, NOW.plusMillis(2000)));
    assertThat(NextStep.after(afterAttempts(4), FAILED, LADDER, CAP, NOW))
        .isEqualTo(
            new NextStep.DeadLetter(
                DeadLetterReason.parse("exhausted: 4 attempts failed, the last with HTTP 503")));
  }

  @Test
  void retryAfterLongerThanTheStepWaitsOnTheFirstTierLongEnoughAndIsDueExactlyThen() {
    assertThat(
            NextStep.after(afterAttempts(1), retryAfter(Duration.ofMillis(300)), LADDER, CAP, NOW))
        .isEqualTo(new NextStep.Retry(1, NOW.plusMillis(300)));
    assertThat(
            NextStep.after(afterAttempts(1), retryAfter(Duration.ofMillis(50)), LADDER, CAP, NOW))
        .as("shorter than the step: the ladder wins")
        .isEqualTo(new NextStep.Retry(0, NOW.plusMillis(100)));
    assertThat(NextStep.after(afterAttempts(1), retryAfter(Duration.ofHours(1)), LADDER, CAP, NOW))
        .as("capped")
        .isEqualTo(new NextStep.Retry(2, NOW.plusMillis(2000)));
    assertThat(
            NextStep.after(
                afterAttempts(2),
                retryAfter(Duration.ofSeconds(1)),
                LADDER,
                Duration.ofMillis(700),
                NOW))
        .as("a lower cap")
        .isEqualTo(new NextStep.Retry(2, NOW.plusMillis(700)));
  }

  @Test
  void deliveredIsDoneAndGoneAbortedOrRejectedAreDeadLetteredAtOnce() {
    assertThat(
            NextStep.after(
                afterAttempts(1),
                new AttemptOutcome.Delivered(200, "", Duration.ZERO),
                LADDER,
                CAP,
                NOW))
        .isEqualTo(new NextStep.Done());
    assertThat(
            NextStep.after(
                afterAttempts(1), new AttemptOutcome.Gone("", Duration.ZERO), LADDER, CAP, NOW))
        .isEqualTo(
            new NextStep.DeadLetter(DeadLetterReason.parse("gone: the endpoint answered 410")));
    assertThat(
            NextStep.after(
                afterAttempts(1),
                new AttemptOutcome.Aborted(422, "", Duration.ZERO, false),
                LADDER,
                CAP,
                NOW))
        .isEqualTo(
            new NextStep.DeadLetter(
                DeadLetterReason.parse(
                    "aborted: the endpoint answered 422 with webhook-delivery: abort")));
    assertThat(
            NextStep.after(
                afterAttempts(1),
                new AttemptOutcome.Rejected("10.0.0.1 is a private address", Duration.ZERO),
                LADDER,
                CAP,
                NOW))
        .isEqualTo(
            new NextStep.DeadLetter(
                DeadLetterReason.parse("rejected: 10.0.0.1 is a private address")));
  }
}
