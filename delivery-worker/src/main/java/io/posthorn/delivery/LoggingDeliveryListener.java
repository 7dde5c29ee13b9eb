package io.posthorn.delivery;

import io.posthorn.delivery.dispatch.AttemptOutcome;
import io.posthorn.delivery.dispatch.DeliveryRequest;
import io.posthorn.schema.task.DeadLetterReason;
import io.posthorn.schema.task.DeliveryTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs every attempt that did not deliver, every dead letter and every record or endpoint that
 * could not be used, so no failure is silent. Logs endpoint ids, never URLs (their queries may
 * carry tokens), header values or secrets.
 */
final class LoggingDeliveryListener implements DeliveryListener {
  private static final Logger log = LoggerFactory.getLogger("io.posthorn.delivery.attempts");

  @Override
  public void attemptFinished(DeliveryRequest request, AttemptOutcome outcome) {
    switch (outcome) {
      case AttemptOutcome.Delivered d ->
          log.debug(
              "delivered {} {} to {} in {} ms",
              request.eventType(),
              request.eventId(),
              request.endpoint().id(),
              d.duration().toMillis());
      case AttemptOutcome.Retryable r ->
          log.info(
              "attempt {} of {} {} to endpoint {} failed after {} ms: {}",
              request.attempt(),
              request.eventType(),
              request.eventId(),
              request.endpoint().id(),
              r.duration().toMillis(),
              r.error());
      case AttemptOutcome.Aborted a ->
          log.info(
              "endpoint {} answered {} with webhook-delivery: abort to {} {}: not retried",
              request.endpoint().id(),
              a.status(),
              request.eventType(),
              request.eventId());
      case AttemptOutcome.Gone g ->
          log.warn(
              "endpoint {} answered 410 Gone to {} {}",
              request.endpoint().id(),
              request.eventType(),
              request.eventId());
      case AttemptOutcome.Rejected x ->
          log.warn(
              "refused to send {} {} to endpoint {}: {}",
              request.eventType(),
              request.eventId(),
              request.endpoint().id(),
              x.reason());
    }
  }

  @Override
  public void deadLettered(DeliveryTask task, DeadLetterReason reason) {
    log.warn(
        "dead-lettered {} {} for endpoint {} after {} attempt(s): {}",
        task.identity().eventType(),
        task.eventId(),
        task.endpointId(),
        task.history().attempts(),
        reason);
  }

  @Override
  public void handoverFailed(DeliveryTask task, Throwable error) {
    log.error(
        "Kafka refused the hand-over of {} for endpoint {}; written again after a backoff until"
            + " worker.handover.give-up-after, then the worker reports FAILED: {}",
        task.eventId(),
        task.endpointId(),
        error.toString());
  }

  @Override
  public void quarantined(String record, String reason) {
    log.error("quarantined record {} to the invalid-events topic: {}", record, reason);
  }

  @Override
  public void quarantineFailed(String record, Throwable error) {
    log.error(
        "could not quarantine record {}; its offset stays uncommitted and the worker reports FAILED: {}",
        record,
        error.toString());
  }

  @Override
  public void circuitChanged(String endpointId, boolean open) {
    if (open) {
      log.warn(
          "circuit of endpoint {} opened: its deliveries are held without a request until a probe succeeds",
          endpointId);
    } else {
      log.info("circuit of endpoint {} closed: a probe succeeded", endpointId);
    }
  }

  @Override
  public void endpointRejected(String endpointId, String reason) {
    log.error(
        "endpoint {} receives nothing until a valid document replaces this one: {}",
        endpointId,
        reason);
  }

  @Override
  public void versionNotAccepted(
      String endpointId, String eventId, String eventType, int schemaVersion) {
    log.debug(
        "event {} ({} v{}) not delivered to endpoint {}: it pins other schema versions",
        eventId,
        eventType,
        schemaVersion,
        endpointId);
  }
}
