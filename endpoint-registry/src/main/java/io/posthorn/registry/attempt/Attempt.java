package io.posthorn.registry.attempt;

import io.posthorn.schema.attempt.AttemptRecord;
import io.posthorn.schema.task.DeliveryTask;
import java.time.Instant;
import java.util.Set;

/**
 * One delivery attempt as the workers reported it on {@code posthorn.attempts} (docs/delivery.md,
 * "Attempt records and metrics") and as the attempt log keeps it.
 *
 * @param id the log's row id (0 before it is stored); orders attempts that started together
 * @param attempt 1 for the first attempt; starts over at 1 after a redelivery
 * @param outcome {@code delivered}, {@code failed}, {@code aborted}, {@code gone} or {@code rejected}
 * @param status the HTTP status, 0 without an answer
 * @param disableRequested the subscriber asked to stop (410 or {@code webhook-delivery: disable})
 * @param origin the event on {@code posthorn.events}, where a redelivery reads its body again
 */
public record Attempt(
    long id,
    String eventId,
    String eventType,
    String endpointId,
    String tenantId,
    int attempt,
    Instant startedAt,
    long durationMs,
    String outcome,
    int status,
    String error,
    String responseSnippet,
    boolean disableRequested,
    DeliveryTask.Origin origin) {

  /** The outcomes a worker reports; every one but {@code delivered} is a failure. */
  public static final Set<String> OUTCOMES = AttemptRecord.OUTCOMES;

  /** A record as a worker reported it, before the log stored it. */
  static Attempt reported(AttemptRecord r) {
    return new Attempt(0, r.eventId(), r.eventType(), r.endpointId(), r.tenantId(), r.attempt(), r.startedAt(),
        r.duration().toMillis(), r.outcome(), r.status(), r.error(), r.responseSnippet(), r.disableRequested(),
        r.origin());
  }

  public boolean delivered() {
    return outcome.equals("delivered");
  }
}
