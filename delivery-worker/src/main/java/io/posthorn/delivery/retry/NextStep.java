package io.posthorn.delivery.retry;

import io.posthorn.delivery.dispatch.AttemptOutcome;
import io.posthorn.schema.task.DeadLetterReason;
import io.posthorn.schema.task.DeadLetterReason.Cause;
import io.posthorn.schema.task.DeliveryTask;
import java.time.Duration;
import java.time.Instant;

/**
 * What happens to a task after an attempt: decided by {@link #after}, a pure function of the
 * ladder.
 */
public sealed interface NextStep {
  /** Delivered: nothing more to do. */
  record Done() implements NextStep {}

  /** Wait on tier {@code tier} (0-based) until {@code dueAt}. */
  record Retry(int tier, Instant dueAt) implements NextStep {}

  /** Give up; the task goes to the dead-letter topic with this reason. */
  record DeadLetter(DeadLetterReason reason) implements NextStep {}

  /**
   * After failed attempt {@code n} the task waits the ladder's step {@code n}, or longer when the
   * endpoint's {@code Retry-After} asks for more, up to {@code retryAfterCap} (at most the last
   * step). It waits on the first tier whose delay is at least that long, due exactly then: as every
   * task on a tier is due no later than its delay after it was written, a task due sooner never
   * holds back the tasks behind it.
   *
   * @param task the task with the attempt already counted ({@link DeliveryTask#attempted})
   * @param finishedAt when the attempt ended: the retry delay runs from then
   */
  static NextStep after(
      DeliveryTask task,
      AttemptOutcome outcome,
      RetryLadder ladder,
      Duration retryAfterCap,
      Instant finishedAt) {
    return switch (outcome) {
      case AttemptOutcome.Delivered d -> new Done();
      case AttemptOutcome.Gone g ->
          new DeadLetter(DeadLetterReason.of(Cause.GONE, "the endpoint answered 410"));
      case AttemptOutcome.Aborted a ->
          new DeadLetter(
              DeadLetterReason.of(
                  Cause.ABORTED,
                  "the endpoint answered " + a.status() + " with webhook-delivery: abort"));
      case AttemptOutcome.Rejected r ->
          new DeadLetter(DeadLetterReason.of(Cause.REJECTED, r.reason()));
      case AttemptOutcome.Retryable r -> {
        int step = task.history().attempts() - 1;
        if (step >= ladder.tiers()) {
          yield new DeadLetter(
              DeadLetterReason.of(
                  Cause.EXHAUSTED,
                  task.history().attempts() + " attempts failed, the last with " + r.error()));
        }
        Duration wait = ladder.delay(step);
        if (r.retryAfter() != null && r.retryAfter().compareTo(wait) > 0) {
          wait = r.retryAfter().compareTo(retryAfterCap) < 0 ? r.retryAfter() : retryAfterCap;
          wait = wait.compareTo(ladder.delay(step)) < 0 ? ladder.delay(step) : wait;
        }
        yield new Retry(ladder.tierFor(wait), upToTheMillisecond(finishedAt.plus(wait)));
      }
    };
  }

  /**
   * Due times travel in whole milliseconds ({@code posthorn-due-at}): rounded up, a retry is never
   * early.
   */
  private static Instant upToTheMillisecond(Instant at) {
    Instant whole = at.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    return whole.equals(at) ? at : whole.plusMillis(1);
  }
}
