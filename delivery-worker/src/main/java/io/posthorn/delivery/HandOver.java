package io.posthorn.delivery;

import io.posthorn.schema.task.DeliveryTask;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a task to Kafka (a retry tier or the dead-letter topic) until Kafka takes it. A refusal
 * Kafka calls retriable (a timeout, a leader change, a topic missing from metadata) is written
 * again after a backoff that doubles up to {@link Policy#maxBackoff}; the task stays counted as
 * waiting for Kafka meanwhile ({@link InFlight}), so a long refusal throttles the consume loop
 * instead of piling work up. When the refusals have lasted {@link Policy#giveUpAfter}, or at once
 * for an error that retrying cannot cure, the hand-over is <em>abandoned</em>: {@code resolved}
 * never runs (the offset is never committed past the task, nothing is lost), and the worker is
 * told, which reports FAILED so its supervisor restarts the process and the partition's next owner
 * delivers the event again (decision 0017).
 *
 * <p>On success {@code resolved} runs exactly once, first, and then the announcement (the
 * listener), in a {@code finally}: an observer that throws can never keep a record from resolving.
 */
final class HandOver {
  private static final Logger log = LoggerFactory.getLogger(HandOver.class);

  /**
   * @param firstBackoff the wait before the first retry; it doubles after each refusal
   * @param maxBackoff the longest wait between two writes
   * @param giveUpAfter how long refusals may last, from the first, before the hand-over is
   *     abandoned
   */
  record Policy(Duration firstBackoff, Duration maxBackoff, Duration giveUpAfter) {
    static Policy giveUpAfter(Duration giveUpAfter) {
      return new Policy(Duration.ofSeconds(1), Duration.ofSeconds(30), giveUpAfter);
    }
  }

  private final ScheduledExecutorService scheduler;
  private final Clock clock;
  private final Policy policy;
  private final DeliveryListener listener;
  private final BiConsumer<DeliveryTask, Throwable> abandoned;

  /**
   * @param abandoned told once per task whose hand-over is given up, with the last refusal
   */
  HandOver(
      ScheduledExecutorService scheduler,
      Clock clock,
      Policy policy,
      DeliveryListener listener,
      BiConsumer<DeliveryTask, Throwable> abandoned) {
    this.scheduler = scheduler;
    this.clock = clock;
    this.policy = policy;
    this.listener = listener;
    this.abandoned = abandoned;
  }

  /** A write with nothing to hand over: for a task that only waits for its attempt record. */
  static final Supplier<CompletableFuture<Void>> NOTHING =
      () -> CompletableFuture.completedFuture(null);

  /**
   * Writes with {@code write} (called again for each retry; it must not throw) until Kafka
   * acknowledges, then runs {@code resolved} and {@code announce}; or abandons the task.
   */
  void run(
      Supplier<CompletableFuture<Void>> write,
      DeliveryTask task,
      Runnable resolved,
      Runnable announce) {
    run(write, CompletableFuture.completedFuture(null), task, resolved, announce);
  }

  /**
   * As {@link #run(Supplier, DeliveryTask, Runnable, Runnable)}, resolving only once {@code
   * recorded} (the attempt record, which the attempt log retries itself) completed too. A record
   * that fails (the producer closed) leaves the task unresolved: it is delivered and recorded again
   * after the restart.
   */
  void run(
      Supplier<CompletableFuture<Void>> write,
      CompletableFuture<Void> recorded,
      DeliveryTask task,
      Runnable resolved,
      Runnable announce) {
    Runnable afterRecorded =
        () ->
            recorded.whenComplete(
                (ok, error) -> {
                  if (error != null) {
                    log.warn(
                        "the attempt record of {} for endpoint {} was not written ({}); it stays unresolved and is delivered"
                            + " again after the restart",
                        task.eventId(),
                        task.endpointId(),
                        error.toString());
                    return;
                  }
                  try {
                    resolved.run();
                  } finally {
                    announce.run();
                  }
                });
    attempt(write, task, afterRecorded, null, policy.firstBackoff());
  }

  private void attempt(
      Supplier<CompletableFuture<Void>> write,
      DeliveryTask task,
      Runnable acked,
      Instant firstRefusal,
      Duration backoff) {
    write
        .get()
        .whenComplete(
            (ok, error) -> {
              if (error == null) {
                acked.run();
                return;
              }
              listener.handoverFailed(task, error);
              Instant since = firstRefusal == null ? clock.instant() : firstRefusal;
              boolean retriable = unwrap(error) instanceof RetriableException;
              if (!retriable
                  || !Duration.between(since, clock.instant())
                      .minus(policy.giveUpAfter())
                      .isNegative()) {
                abandon(task, error);
                return;
              }
              Duration next =
                  backoff.multipliedBy(2).compareTo(policy.maxBackoff()) > 0
                      ? policy.maxBackoff()
                      : backoff.multipliedBy(2);
              try {
                scheduler.schedule(
                    () -> attempt(write, task, acked, since, next),
                    backoff.toMillis(),
                    TimeUnit.MILLISECONDS);
              } catch (RejectedExecutionException stopping) {
                log.warn(
                    "worker stopping: hand-over of {} for endpoint {} not retried; it is delivered again after the"
                        + " restart",
                    task.eventId(),
                    task.endpointId());
              }
            });
  }

  private void abandon(DeliveryTask task, Throwable error) {
    if (scheduler.isShutdown()) { // the worker is closing: the producer may be closed already
      log.warn(
          "worker stopping: hand-over of {} for endpoint {} not done ({}); it is delivered again after the"
              + " restart",
          task.eventId(),
          task.endpointId(),
          error.toString());
      return;
    }
    log.error(
        "gave up handing {} for endpoint {} to Kafka: {}; its offset is never committed, and the worker"
            + " reports FAILED so it is restarted and the event delivered again",
        task.eventId(),
        task.endpointId(),
        error.toString());
    abandoned.accept(task, error);
  }

  private static Throwable unwrap(Throwable e) {
    return e instanceof java.util.concurrent.CompletionException && e.getCause() != null
        ? e.getCause()
        : e;
  }
}
