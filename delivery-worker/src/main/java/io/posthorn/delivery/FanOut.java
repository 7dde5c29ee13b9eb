package io.posthorn.delivery;

import io.posthorn.delivery.dispatch.AttemptOutcome;
import io.posthorn.delivery.dispatch.DeliveryRequest;
import io.posthorn.delivery.dispatch.HttpDispatcher;
import io.posthorn.delivery.endpoint.Endpoint;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends one event to every endpoint and reports the record finished to the {@link OffsetTracker}
 * once every one of its deliveries has an outcome. Counts deliveries in flight for back-pressure.
 */
final class FanOut {
  private final List<Endpoint> endpoints;
  private final HttpDispatcher dispatcher;
  private final OffsetTracker offsets;
  private final DeliveryListener listener;
  private final AtomicInteger inFlight = new AtomicInteger();

  FanOut(List<Endpoint> endpoints, HttpDispatcher dispatcher, OffsetTracker offsets, DeliveryListener listener) {
    this.endpoints = endpoints;
    this.dispatcher = dispatcher;
    this.offsets = offsets;
    this.listener = listener;
  }

  /** Called on the consumer thread, once per polled record. */
  void deliver(InboundEvent event) {
    offsets.polled(event.partition(), event.offset());
    AtomicInteger remaining = new AtomicInteger(endpoints.size());
    for (Endpoint endpoint : endpoints) {
      DeliveryRequest request =
          new DeliveryRequest(endpoint, event.eventId(), event.eventType(), event.body(), event.traceId(), 1);
      inFlight.incrementAndGet();
      listener.attemptStarted(request);
      dispatcher.dispatch(request, outcome -> finished(event, request, outcome, remaining));
    }
  }

  private void finished(InboundEvent event, DeliveryRequest request, AttemptOutcome outcome, AtomicInteger remaining) {
    listener.attemptFinished(request, outcome);
    inFlight.decrementAndGet();
    if (remaining.decrementAndGet() == 0) {
      offsets.finished(event.partition(), event.offset());
    }
  }

  int inFlight() {
    return inFlight.get();
  }
}
