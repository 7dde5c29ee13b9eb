package io.posthorn.relay;

import io.posthorn.schema.Envelope;
import java.util.List;

/** Calls each listener in turn ({@link RelayListener#all}). */
final class CompositeRelayListener implements RelayListener {
  private final List<RelayListener> listeners;

  CompositeRelayListener(RelayListener... listeners) {
    this.listeners = List.of(listeners);
  }

  @Override
  public void standby(String holder) {
    listeners.forEach(l -> l.standby(holder));
  }

  @Override
  public void active() {
    listeners.forEach(RelayListener::active);
  }

  @Override
  public void streaming() {
    listeners.forEach(RelayListener::streaming);
  }

  @Override
  public void published(Envelope envelope) {
    listeners.forEach(l -> l.published(envelope));
  }

  @Override
  public void quarantined(String rowId, String reason) {
    listeners.forEach(l -> l.quarantined(rowId, reason));
  }

  @Override
  public void endpointPublished(String endpointId, boolean deleted) {
    listeners.forEach(l -> l.endpointPublished(endpointId, deleted));
  }

  @Override
  public void catalogWaitStarted(String rowId, String missing) {
    listeners.forEach(l -> l.catalogWaitStarted(rowId, missing));
  }

  @Override
  public void catalogWaitEnded(String rowId, boolean found) {
    listeners.forEach(l -> l.catalogWaitEnded(rowId, found));
  }

  @Override
  public void heartbeat() {
    listeners.forEach(RelayListener::heartbeat);
  }

  @Override
  public void slotChecked(SlotStatus status) {
    listeners.forEach(l -> l.slotChecked(status));
  }

  @Override
  public void engineRestarting(EngineRestart why) {
    listeners.forEach(l -> l.engineRestarting(why));
  }

  @Override
  public void stopped(Throwable error) {
    listeners.forEach(l -> l.stopped(error));
  }
}
