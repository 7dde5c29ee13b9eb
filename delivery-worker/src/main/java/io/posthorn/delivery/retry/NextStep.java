package io.posthorn.delivery.retry;

import io.posthorn.schema.task.DeliveryTask;
import io.posthorn.delivery.dispatch.AttemptOutcome;
import java.time.Instant;

/** What happens to a task after an attempt: decided by {@link #after}, a pure function of the ladder. */
public sealed interface NextStep {
  /** Delivered: nothing more to do. */
  record Done() implements NextStep {}

  /** Wait on tier {@code tier} (0-based) until {@code dueAt}. */
  record Retry(int tier, Instant dueAt) implements NextStep {}

  /** Give up; the task goes to the dead-letter topic with this reason. */
  record DeadLetter(String reason) implements NextStep {}

  /**
   * @param task the task with the attempt already counted ({@link DeliveryTask#attempted})
   * @param finishedAt when the attempt ended: the retry delay runs from then
   */
  static NextStep after(DeliveryTask task, AttemptOutcome outcome, RetryLadder ladder, Instant finishedAt) {
    return switch (outcome) {
      case AttemptOutcome.Delivered d -> new Done();
      case AttemptOutcome.Gone g -> new DeadLetter("gone: the endpoint answered 410");
      case AttemptOutcome.Rejected r -> new DeadLetter("rejected: " + r.reason());
      case AttemptOutcome.Retryable r -> {
        int tier = task.attempts() - 1;
        yield tier < ladder.tiers() ? new Retry(tier, finishedAt.plus(ladder.delay(tier)))
            : new DeadLetter("exhausted: " + task.attempts() + " attempts failed");
      }
    };
  }
}
