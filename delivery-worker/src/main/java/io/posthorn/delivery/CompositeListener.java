package io.posthorn.delivery;

import io.posthorn.delivery.dispatch.AttemptOutcome;
import io.posthorn.delivery.dispatch.DeliveryRequest;
import io.posthorn.schema.task.DeadLetterReason;
import io.posthorn.schema.task.DeliveryTask;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link DeliveryListener#all}: forwards every event to each listener in order. A listener that
 * throws is logged and skipped: the others still hear the event, and the caller (the pipeline, a
 * producer or HTTP thread) never sees the exception, so an observer can never wedge a delivery.
 */
final class CompositeListener implements DeliveryListener {
  private static final Logger log = LoggerFactory.getLogger(CompositeListener.class);
  private final List<DeliveryListener> listeners;

  CompositeListener(DeliveryListener... listeners) {
    this.listeners = List.of(listeners);
  }

  private void each(String event, Consumer<DeliveryListener> call) {
    for (DeliveryListener l : listeners) {
      try {
        call.accept(l);
      } catch (RuntimeException e) {
        log.warn(
            "delivery listener {} failed on {}; the delivery goes on",
            l.getClass().getName(),
            event,
            e);
      }
    }
  }

  @Override
  public void attemptStarted(DeliveryRequest request) {
    each("attemptStarted", l -> l.attemptStarted(request));
  }

  @Override
  public void attemptFinished(DeliveryRequest request, AttemptOutcome outcome) {
    each("attemptFinished", l -> l.attemptFinished(request, outcome));
  }

  @Override
  public void parked(DeliveryTask task, String reason) {
    each("parked", l -> l.parked(task, reason));
  }

  @Override
  public void circuitHeld(DeliveryTask task, int holds) {
    listeners.forEach(l -> l.circuitHeld(task, holds));
  }

  @Override
  public void retryScheduled(DeliveryTask task, int tier) {
    each("retryScheduled", l -> l.retryScheduled(task, tier));
  }

  @Override
  public void deadLettered(DeliveryTask task, DeadLetterReason reason) {
    each("deadLettered", l -> l.deadLettered(task, reason));
  }

  @Override
  public void handoverFailed(DeliveryTask task, Throwable error) {
    each("handoverFailed", l -> l.handoverFailed(task, error));
  }

  @Override
  public void quarantined(String record, String reason) {
    each("quarantined", l -> l.quarantined(record, reason));
  }

  @Override
  public void quarantineFailed(String record, Throwable error) {
    each("quarantineFailed", l -> l.quarantineFailed(record, error));
  }

  @Override
  public void circuitChanged(String endpointId, boolean open) {
    each("circuitChanged", l -> l.circuitChanged(endpointId, open));
  }

  @Override
  public void endpointRejected(String endpointId, String reason) {
    each("endpointRejected", l -> l.endpointRejected(endpointId, reason));
  }

  @Override
  public void versionNotAccepted(
      String endpointId, String eventId, String eventType, int schemaVersion) {
    each(
        "versionNotAccepted",
        l -> l.versionNotAccepted(endpointId, eventId, eventType, schemaVersion));
  }
}
