package io.posthorn.delivery.retry;

import io.posthorn.schema.task.DeliveryTask;
import static org.assertj.core.api.Assertions.assertThat;

import io.posthorn.delivery.dispatch.AttemptOutcome;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class NextStepTest {
  private static final RetryLadder LADDER = RetryLadder.parse("100ms,500ms");
  private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
  private static final AttemptOutcome FAILED = new AttemptOutcome.Retryable(503, "HTTP 503", null, "", Duration.ZERO);

  private static DeliveryTask afterAttempts(int n) {
    DeliveryTask t = DeliveryTask.fresh("ep", "evt", "order.created", null, null, null, new byte[0],
        new DeliveryTask.Origin("posthorn.events", 0, 7));
    for (int i = 0; i < n; i++) {
      t = t.attempted(NOW, 503, "HTTP 503");
    }
    return t;
  }

  @Test
  void eachFailedAttemptClimbsOneTierThenTheTaskIsDeadLettered() {
    assertThat(NextStep.after(afterAttempts(1), FAILED, LADDER, NOW))
        .isEqualTo(new NextStep.Retry(0, NOW.plusMillis(100)));
    assertThat(NextStep.after(afterAttempts(2), FAILED, LADDER, NOW))
        .isEqualTo(new NextStep.Retry(1, NOW.plusMillis(500)));
    assertThat(NextStep.after(afterAttempts(3), FAILED, LADDER, NOW))
        .isEqualTo(new NextStep.DeadLetter("exhausted: 3 attempts failed"));
  }

  @Test
  void deliveredIsDoneAndGoneOrRejectedAreDeadLetteredAtOnce() {
    assertThat(NextStep.after(afterAttempts(1), new AttemptOutcome.Delivered(200, "", Duration.ZERO), LADDER, NOW))
        .isEqualTo(new NextStep.Done());
    assertThat(NextStep.after(afterAttempts(1), new AttemptOutcome.Gone("", Duration.ZERO), LADDER, NOW))
        .isEqualTo(new NextStep.DeadLetter("gone: the endpoint answered 410"));
    assertThat(NextStep.after(afterAttempts(1), new AttemptOutcome.Rejected("10.0.0.1 is a private address",
        Duration.ZERO), LADDER, NOW)).isEqualTo(new NextStep.DeadLetter("rejected: 10.0.0.1 is a private address"));
  }
}
