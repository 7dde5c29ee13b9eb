package io.posthorn.delivery;

import io.posthorn.delivery.dispatch.AttemptOutcome;
import io.posthorn.delivery.dispatch.DeliveryRequest;
import io.posthorn.schema.task.DeliveryTask;
import java.util.List;

/** {@link DeliveryListener#all}: forwards every event to each listener in order. */
final class CompositeListener implements DeliveryListener {
  private final List<DeliveryListener> listeners;

  CompositeListener(DeliveryListener... listeners) {
    this.listeners = List.of(listeners);
  }

  @Override
  public void attemptStarted(DeliveryRequest request) {
    listeners.forEach(l -> l.attemptStarted(request));
  }

  @Override
  public void attemptFinished(DeliveryRequest request, AttemptOutcome outcome) {
    listeners.forEach(l -> l.attemptFinished(request, outcome));
  }

  @Override
  public void parked(DeliveryTask task, String reason) {
    listeners.forEach(l -> l.parked(task, reason));
  }

  @Override
  public void circuitHeld(DeliveryTask task, int holds) {
    listeners.forEach(l -> l.circuitHeld(task, holds));
  }

  @Override
  public void retryScheduled(DeliveryTask task, int tier) {
    listeners.forEach(l -> l.retryScheduled(task, tier));
  }

  @Override
  public void deadLettered(DeliveryTask task, String reason) {
    listeners.forEach(l -> l.deadLettered(task, reason));
  }

  @Override
  public void handoverFailed(DeliveryTask task, Throwable error) {
    listeners.forEach(l -> l.handoverFailed(task, error));
  }

  @Override
  public void quarantined(String record, String reason) {
    listeners.forEach(l -> l.quarantined(record, reason));
  }

  @Override
  public void quarantineFailed(String record, Throwable error) {
    listeners.forEach(l -> l.quarantineFailed(record, error));
  }

  @Override
  public void circuitChanged(String endpointId, boolean open) {
    listeners.forEach(l -> l.circuitChanged(endpointId, open));
  }

  @Override
  public void endpointRejected(String endpointId, String reason) {
    listeners.forEach(l -> l.endpointRejected(endpointId, reason));
  }
}
