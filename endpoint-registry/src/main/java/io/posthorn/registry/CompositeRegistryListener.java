package io.posthorn.registry;

import java.time.Duration;
import java.util.List;

/** Calls each listener in turn ({@link RegistryListener#all}). */
final class CompositeRegistryListener implements RegistryListener {
  private final List<RegistryListener> listeners;

  CompositeRegistryListener(RegistryListener... listeners) {
    this.listeners = List.of(listeners);
  }

  @Override
  public void requestAnswered(String method, String route, int status, Duration took) {
    listeners.forEach(l -> l.requestAnswered(method, route, status, took));
  }

  @Override
  public void attemptsStored(int records) {
    listeners.forEach(l -> l.attemptsStored(records));
  }

  @Override
  public void choreRan(String chore, Duration took, boolean failed) {
    listeners.forEach(l -> l.choreRan(chore, took, failed));
  }

  @Override
  public void endpointAutoDisabled(String endpointId, String reason) {
    listeners.forEach(l -> l.endpointAutoDisabled(endpointId, reason));
  }

  @Override
  public void endpointsCounted(long enabled, long disabled) {
    listeners.forEach(l -> l.endpointsCounted(enabled, disabled));
  }

  @Override
  public void endpointVerification(String endpointId, String outcome) {
    listeners.forEach(l -> l.endpointVerification(endpointId, outcome));
  }

  @Override
  public void urlChecked(int pinged) {
    listeners.forEach(l -> l.urlChecked(pinged));
  }

  @Override
  public void recovery(String state) {
    listeners.forEach(l -> l.recovery(state));
  }
}
