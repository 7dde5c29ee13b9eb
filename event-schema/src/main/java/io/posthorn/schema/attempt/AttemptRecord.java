package io.posthorn.schema.attempt;

import io.posthorn.schema.task.DeliveryTask;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * One delivery attempt, as a worker publishes it to {@code posthorn.attempts} and the registry's
 * attempt log reads it ({@link AttemptRecordCodec}; the JSON is in docs/delivery.md).
 *
 * @param attempt 1 for the first attempt
 * @param outcome {@code delivered}, {@code failed}, {@code aborted}, {@code gone} or {@code
 *     rejected}
 * @param status the HTTP status, or 0 when there was no answer
 * @param error the failure's class and message (or status line, or refusal), {@code null} when
 *     delivered
 * @param responseSnippet up to the first 1 KiB of the response body
 * @param disableRequested the subscriber asked to stop receiving ({@code 410 Gone} or {@code
 *     webhook-delivery: disable}); the registry acts on it
 * @param origin where the event was first consumed, so a redelivery can read its body again
 * @param finalAttempt no attempt of this task follows: it was delivered, or given up (exhausted,
 *     gone, aborted, rejected, dead-lettered). {@code false} while the task climbs the retry
 *     ladder, and in records of workers older than the field (JSON {@code "final"}). Recover sends
 *     again only events whose newest attempt is a final failure (docs/decisions/0019).
 */
public record AttemptRecord(
    String eventId,
    String eventType,
    String endpointId,
    String tenantId,
    int attempt,
    Instant startedAt,
    Duration duration,
    String outcome,
    int status,
    String error,
    String responseSnippet,
    boolean disableRequested,
    DeliveryTask.Origin origin,
    boolean finalAttempt) {

  /** The outcomes a worker reports; every one but {@code delivered} is a failure. */
  public static final Set<String> OUTCOMES =
      Set.of("delivered", "failed", "aborted", "gone", "rejected");

  /**
   * A final attempt that failed: the task was given up, so nothing will deliver the event unless
   * sent again.
   */
  public boolean finalFailure() {
    return finalAttempt && !outcome.equals("delivered");
  }
}
