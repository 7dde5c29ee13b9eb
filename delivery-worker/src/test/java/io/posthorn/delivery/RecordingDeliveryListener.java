package io.posthorn.delivery;

import io.posthorn.delivery.dispatch.AttemptOutcome;
import io.posthorn.delivery.dispatch.DeliveryRequest;
import io.posthorn.schema.task.DeadLetterReason;
import io.posthorn.schema.task.DeliveryTask;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Keeps what a worker reported, for assertions; attempts are stamped with the clock given (the
 * worker's).
 */
final class RecordingDeliveryListener implements DeliveryListener {
  record Started(DeliveryRequest request, Instant at) {}

  record Finished(DeliveryRequest request, AttemptOutcome outcome, Instant at) {}

  record Parked(DeliveryTask task, String reason) {}

  record Held(DeliveryTask task, int holds) {}

  private final Clock clock;

  RecordingDeliveryListener() {
    this(Clock.systemUTC());
  }

  RecordingDeliveryListener(Clock clock) {
    this.clock = clock;
  }

  final List<Started> startedAt = new CopyOnWriteArrayList<>();
  final List<Held> held = new CopyOnWriteArrayList<>();

  final List<DeliveryRequest> started = new CopyOnWriteArrayList<>();
  final List<Finished> finished = new CopyOnWriteArrayList<>();
  final List<Parked> parked = new CopyOnWriteArrayList<>();
  final List<DeliveryTask> retries = new CopyOnWriteArrayList<>();
  final List<String> deadLetterReasons = new CopyOnWriteArrayList<>();
  final List<String> quarantined = new CopyOnWriteArrayList<>();

  /** "open" or "closed", in order. */
  final List<String> circuit = new CopyOnWriteArrayList<>();

  @Override
  public void attemptStarted(DeliveryRequest request) {
    started.add(request);
    startedAt.add(new Started(request, clock.instant()));
  }

  @Override
  public void attemptFinished(DeliveryRequest request, AttemptOutcome outcome) {
    finished.add(new Finished(request, outcome, clock.instant()));
  }

  @Override
  public void circuitHeld(DeliveryTask task, int holds) {
    held.add(new Held(task, holds));
  }

  @Override
  public void parked(DeliveryTask task, String reason) {
    parked.add(new Parked(task, reason));
  }

  @Override
  public void retryScheduled(DeliveryTask task, int tier) {
    retries.add(task);
  }

  @Override
  public void deadLettered(DeliveryTask task, DeadLetterReason reason) {
    deadLetterReasons.add(reason.header());
  }

  @Override
  public void quarantined(String record, String reason) {
    quarantined.add(reason);
  }

  @Override
  public void circuitChanged(String endpointId, boolean open) {
    circuit.add(open ? "open" : "closed");
  }

  long startedTo(String endpointId) {
    return started.stream().filter(r -> r.endpoint().id().equals(endpointId)).count();
  }

  long finishedTo(String endpointId) {
    return finished.stream().filter(f -> f.request().endpoint().id().equals(endpointId)).count();
  }
}
