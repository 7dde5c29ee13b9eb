package io.posthorn.delivery;

import io.posthorn.delivery.attempt.AttemptPublisher;
import io.posthorn.delivery.dispatch.AttemptOutcome;
import io.posthorn.delivery.dispatch.DeliveryRequest;
import io.posthorn.delivery.dispatch.HttpDispatcher;
import io.posthorn.delivery.endpoint.Endpoint;
import io.posthorn.delivery.endpoint.EndpointGate;
import io.posthorn.delivery.retry.NextStep;
import io.posthorn.delivery.retry.RetryLadder;
import io.posthorn.delivery.retry.TaskWriter;
import io.posthorn.schema.attempt.AttemptRecord;
import io.posthorn.schema.logging.LogContext;
import io.posthorn.schema.task.DeadLetterReason;
import io.posthorn.schema.task.DeadLetterReason.Cause;
import io.posthorn.schema.task.DeliveryTask;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one task to one endpoint until it is resolved: through its endpoint's lane ({@link
 * EndpointLanes}: sent as soon as the endpoint's bound, rate and circuit allow; parked on the first
 * tier, not counted as an attempt, only when it cannot wait in memory), attempted, then recorded,
 * then done, or handed to a retry tier or the dead-letter topic. Calls the ticket's {@code
 * resolved} exactly once, when nothing more can be lost: its attempt record acknowledged by Kafka,
 * and so is the topic it was handed to. Never blocks the calling thread.
 *
 * <p>The ticket's sending slot ({@link InFlight}) is given back as soon as the request ends (or the
 * delivery leaves without one), not when Kafka acknowledges: waiting for Kafka counts apart, so a
 * producer that lingers to batch attempt records costs the endpoints no slots (decision 0035).
 *
 * <p>Nothing on the way may wedge a delivery: listeners are isolated ({@link CompositeListener})
 * and heard only after {@code resolved}; a hand-over Kafka refuses is retried by {@link HandOver};
 * a request that cannot even be built (a malformed endpoint document) returns its gate slot and
 * ends as a {@link AttemptOutcome.Rejected} attempt, dead-lettered with the cause, instead of
 * throwing into the consume loop (decision 0017).
 *
 * <p>A delivery to an ordered endpoint (its ticket has a {@link Sequel}) is never handed to a retry
 * tier: a failed attempt or a park gives it back to its aggregate's queue to be tried again from
 * memory, its ticket unresolved; its end (delivered, dead-lettered) is told to that queue as soon
 * as it is known (decision 0045).
 */
final class DeliveryPipeline implements EndpointLanes.Outlet, AggregateQueues.Sender {
  private static final Logger log = LoggerFactory.getLogger(DeliveryPipeline.class);
  private final EndpointGate gate;
  private final HttpDispatcher dispatcher;
  private final AttemptPublisher attempts;
  private final TaskWriter tasks;
  private final RetryLadder ladder;
  private final Duration retryAfterCap;
  private final Clock clock;
  private final LongSupplier nanos;
  private final DeliveryListener listener;
  private final EndpointLanes lanes;
  private final HandOver handOver;

  /**
   * @param nanos the monotonic ticker the gate and the lanes run on
   * @param wakeups runs the lanes' timed wake-ups (next token, end of a cool-down, end of a wait)
   */
  DeliveryPipeline(
      EndpointGate gate,
      HttpDispatcher dispatcher,
      AttemptPublisher attempts,
      TaskWriter tasks,
      RetryLadder ladder,
      Duration retryAfterCap,
      Clock clock,
      LongSupplier nanos,
      EndpointLanes.Wakeups wakeups,
      EndpointLanes.Limits limits,
      DeliveryListener listener,
      HandOver handOver) {
    this.gate = gate;
    this.dispatcher = dispatcher;
    this.attempts = attempts;
    this.tasks = tasks;
    this.ladder = ladder;
    this.retryAfterCap = retryAfterCap;
    this.clock = clock;
    this.nanos = nanos;
    this.listener = listener;
    this.handOver = handOver;
    // The lanes call back only once a task is submitted, after construction.
    this.lanes = new EndpointLanes(gate, nanos, wakeups, limits, this);
  }

  /** Sends the task now, or as soon as its endpoint can take it; see {@link EndpointLanes}. */
  @Override
  public void deliver(Endpoint endpoint, DeliveryTask task, Ticket ticket) {
    lanes.submit(endpoint, task, ticket);
  }

  /**
   * Deliveries from these partitions still waiting in a lane are dropped: the partitions' new owner
   * sends them.
   */
  void revoked(Collection<TopicPartition> partitions) {
    lanes.drop(partitions);
  }

  /** The endpoint was deleted: what waits for it is dead-lettered, and its gate state dropped. */
  void endpointRemoved(String endpointId) {
    lanes.remove(endpointId);
    gate.forget(endpointId);
  }

  /**
   * Sends nothing more from the lanes and drops what waits there (its offsets stay uncommitted).
   */
  void stopPacing() {
    lanes.close();
  }

  /** Deliveries waiting in the endpoints' lanes. */
  int queued() {
    return lanes.queued();
  }

  @Override
  public void send(Endpoint endpoint, DeliveryTask task, Ticket ticket) {
    DeliveryRequest request =
        new DeliveryRequest(
            endpoint,
            task.eventId(),
            task.identity().eventType(),
            task.identity().tenantId(),
            task.identity().body(),
            task.identity().traceId(),
            task.identity().occurredAt(),
            task.history().attempts() + 1);
    Instant started = clock.instant();
    long startedNanos = nanos.getAsLong();
    LogContext logContext =
        LogContext.open(task.identity().traceId(), task.eventId(), endpoint.id());
    try {
      listener.attemptStarted(request);
      Consumer<AttemptOutcome> finish =
          once(
              outcome -> {
                // Usually on an HTTP client thread: the log context is opened there again.
                LogContext onFinish =
                    LogContext.open(task.identity().traceId(), task.eventId(), endpoint.id());
                try {
                  finished(endpoint, task, request, started, startedNanos, outcome, ticket);
                } finally {
                  onFinish.close();
                }
              });
      try {
        dispatcher.dispatch(request, finish);
      } catch (RuntimeException e) { // before the request was enqueued: nothing was sent
        log.error(
            "could not send {} to endpoint {}: {}", task.eventId(), endpoint.id(), e.toString());
        finish.accept(
            new AttemptOutcome.Rejected(
                "the worker could not build the request: " + e, Duration.ZERO));
      }
    } finally {
      logContext.close();
    }
  }

  private void finished(
      Endpoint endpoint,
      DeliveryTask task,
      DeliveryRequest request,
      Instant started,
      long startedNanos,
      AttemptOutcome outcome,
      Ticket ticket) {
    Runnable resolved = settle(ticket);
    gate.release(endpoint, circuitResult(outcome));
    lanes.released(endpoint, nanos.getAsLong() - startedNanos);
    listener.attemptFinished(request, outcome);
    DeliveryTask attempted = task.attempted(started, outcome.status(), outcome.error());
    NextStep step = NextStep.after(attempted, outcome, ladder, retryAfterCap, clock.instant());
    // The task resolves (its offset may commit) only once its attempt record is acknowledged too.
    CompletableFuture<Void> recorded =
        record(
            record(
                request,
                task.identity().origin(),
                started,
                outcome,
                !(step instanceof NextStep.Retry)));
    switch (step) {
      case NextStep.Done d -> {
        ended(ticket, false);
        handOver.run(HandOver.NOTHING, recorded, attempted, resolved, () -> {});
      }
      case NextStep.Retry r -> {
        DeliveryTask next = attempted.due(r.dueAt());
        if (ticket.sequel() != null) {
          again(ticket, next);
          listener.retryScheduled(next, r.tier());
          return;
        }
        handOver.run(
            () -> tasks.toTier(r.tier(), next),
            recorded,
            next,
            resolved,
            () -> listener.retryScheduled(next, r.tier()));
      }
      case NextStep.DeadLetter dl -> {
        ended(ticket, true);
        handOver.run(
            () -> tasks.toDeadLetters(attempted, dl.reason()),
            recorded,
            attempted,
            resolved,
            () -> listener.deadLettered(attempted, dl.reason()));
      }
    }
  }

  @Override
  public void park(DeliveryTask task, String reason, Ticket ticket) {
    DeliveryTask parked = task.parked(reason).due(clock.instant().plus(ladder.delay(0)));
    if (ticket.sequel() != null) {
      ticket.open().settled();
      again(ticket, parked);
      listener.parked(parked, reason);
      return;
    }
    handOver.run(
        () -> tasks.toTier(0, parked),
        parked,
        settle(ticket),
        () -> listener.parked(parked, reason));
  }

  /**
   * Counts as a failed attempt on the ladder; no request was made, so no attempt record unless it
   * is the last.
   */
  @Override
  public void notSent(DeliveryTask task, String reason, Ticket ticket) {
    Instant now = clock.instant();
    DeliveryTask attempted = task.attempted(now, 0, reason);
    AttemptOutcome outcome = new AttemptOutcome.Retryable(0, reason, null, "", Duration.ZERO);
    switch (NextStep.after(attempted, outcome, ladder, retryAfterCap, now)) {
      case NextStep.Done d -> settle(ticket).run();
      case NextStep.Retry r -> {
        DeliveryTask next = attempted.due(r.dueAt());
        if (ticket.sequel() != null) {
          ticket.open().settled();
          again(ticket, next);
          listener.retryScheduled(next, r.tier());
          return;
        }
        handOver.run(
            () -> tasks.toTier(r.tier(), next),
            next,
            settle(ticket),
            () -> listener.retryScheduled(next, r.tier()));
      }
      case NextStep.DeadLetter dl -> deadLetter(attempted, dl.reason(), ticket);
    }
  }

  @Override
  public void deleted(DeliveryTask task, Ticket ticket) {
    deadLetter(
        task,
        DeadLetterReason.of(Cause.DELETED, "endpoint " + task.endpointId() + " no longer exists"),
        ticket);
  }

  @Override
  public void held(DeliveryTask task, int holds) {
    listener.circuitHeld(task, holds);
  }

  /**
   * Gives the task up without an attempt: its endpoint is disabled or deleted. A final {@code
   * rejected} record naming the reason goes to the attempt log, so a recover after the endpoint is
   * enabled again finds the event. The ticket counts as started ({@link InFlight#started}) and not
   * waiting in a lane.
   */
  @Override
  public void deadLetter(DeliveryTask task, DeadLetterReason reason, Ticket ticket) {
    ended(ticket, true);
    CompletableFuture<Void> recorded =
        record(
            new AttemptRecord(
                task.eventId(),
                task.identity().eventType(),
                task.endpointId(),
                task.identity().tenantId(),
                task.history().attempts() + 1,
                clock.instant(),
                Duration.ZERO,
                "rejected",
                0,
                reason.header(),
                "",
                false,
                task.identity().origin(),
                true));
    handOver.run(
        () -> tasks.toDeadLetters(task, reason),
        recorded,
        task,
        settle(ticket),
        () -> listener.deadLettered(task, reason));
  }

  /** Tells an ordered delivery's aggregate queue that the delivery is over (decision 0045). */
  private static void ended(Ticket ticket, boolean deadLettered) {
    if (ticket.sequel() != null) {
      ticket.sequel().ended(deadLettered);
    }
  }

  /**
   * An ordered delivery is tried again from memory, not from a tier (decision 0045): settled
   * already, it leaves the acknowledging count too and stays unresolved, its record's offset held.
   */
  private static void again(Ticket ticket, DeliveryTask next) {
    ticket.open().resolved();
    ticket.sequel().again(next, next.schedule().dueAt());
  }

  /**
   * The attempt log's future; a synchronous refusal becomes a failed future (the task then stays
   * unresolved).
   */
  private CompletableFuture<Void> record(AttemptRecord a) {
    try {
      return attempts.record(a);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static EndpointGate.Result circuitResult(AttemptOutcome outcome) {
    return switch (outcome) {
      case AttemptOutcome.Retryable r -> EndpointGate.Result.FAILED;
      case AttemptOutcome.Rejected r -> EndpointGate.Result.NOT_SENT;
      case AttemptOutcome.Delivered d -> EndpointGate.Result.ANSWERED;
      case AttemptOutcome.Aborted a -> EndpointGate.Result.ANSWERED;
      case AttemptOutcome.Gone g -> EndpointGate.Result.ANSWERED;
    };
  }

  /**
   * Gives the ticket's sending slot back (its request ended, or it leaves without one) and returns
   * what resolves it, once: out of the acknowledging count, then the ticket's own {@code resolved}.
   * Called once per delivery.
   */
  private static Runnable settle(Ticket ticket) {
    ticket.open().settled();
    return once(
        () -> {
          ticket.open().resolved();
          ticket.resolved().run();
        });
  }

  private static Runnable once(Runnable r) {
    AtomicBoolean ran = new AtomicBoolean();
    return () -> {
      if (ran.compareAndSet(false, true)) {
        r.run();
      }
    };
  }

  private static <T> Consumer<T> once(Consumer<T> c) {
    AtomicBoolean ran = new AtomicBoolean();
    return t -> {
      if (ran.compareAndSet(false, true)) {
        c.accept(t);
      }
    };
  }

  private static AttemptRecord record(
      DeliveryRequest r,
      DeliveryTask.Origin origin,
      Instant started,
      AttemptOutcome outcome,
      boolean finalAttempt) {
    return new AttemptRecord(
        r.eventId(),
        r.eventType(),
        r.endpoint().id(),
        r.tenantId(),
        r.attempt(),
        started,
        outcome.duration(),
        outcome.kind(),
        outcome.status(),
        outcome.error(),
        outcome.responseSnippet(),
        outcome.disableRequested(),
        origin,
        finalAttempt);
  }
}
