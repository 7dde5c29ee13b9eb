package io.posthorn.relay;

import io.posthorn.schema.Envelope;
import java.util.List;

/** Tells several listeners everything, in order. */
final class Tee implements RelayListener {
  private final List<RelayListener> listeners;

  Tee(RelayListener... listeners) {
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
  public void published(Envelope e) {
    listeners.forEach(l -> l.published(e));
  }

  @Override
  public void quarantined(String rowId, String reason) {
    listeners.forEach(l -> l.quarantined(rowId, reason));
  }

  @Override
  public void heartbeat() {
    listeners.forEach(RelayListener::heartbeat);
  }

  @Override
  public void slotChecked(SlotStatus s) {
    listeners.forEach(l -> l.slotChecked(s));
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
