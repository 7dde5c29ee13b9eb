package io.posthorn.delivery;

import io.posthorn.delivery.dispatch.AttemptOutcome;
import io.posthorn.delivery.dispatch.DeliveryRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs every attempt that did not deliver, and every unroutable record, so no failure is silent.
 * Logs endpoint ids, never URLs (their queries may carry tokens) or secrets.
 */
final class LoggingDeliveryListener implements DeliveryListener {
  private static final Logger log = LoggerFactory.getLogger("io.posthorn.delivery.attempts");

  @Override
  public void attemptFinished(DeliveryRequest request, AttemptOutcome outcome) {
    switch (outcome) {
      case AttemptOutcome.Delivered d ->
          log.debug("delivered {} {} to {} in {} ms", request.eventType(), request.eventId(),
              request.endpoint().id(), d.duration().toMillis());
      case AttemptOutcome.Retryable r ->
          log.warn("attempt {} of {} {} to endpoint {} failed after {} ms: {}", request.attempt(),
              request.eventType(), request.eventId(), request.endpoint().id(), r.duration().toMillis(), r.error());
      case AttemptOutcome.Gone g ->
          log.warn("endpoint {} answered 410 Gone to {} {}", request.endpoint().id(), request.eventType(),
              request.eventId());
    }
  }

  @Override
  public void unroutable(String reason) {
    log.error("skipped an unroutable record: {}", reason);
  }
}
