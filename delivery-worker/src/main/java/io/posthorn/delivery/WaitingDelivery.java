package io.posthorn.delivery;

import io.posthorn.schema.task.DeliveryTask;

/** A delivery waiting in an {@link EndpointLanes} lane; guarded by its lane's monitor. */
final class WaitingDelivery {
  final DeliveryTask task;
  final Ticket ticket;
  long since;

  /** The circuit opening it was first held under; -1 when not held. */
  long heldFrom = -1;

  WaitingDelivery(DeliveryTask task, Ticket ticket, long since) {
    this.task = task;
    this.ticket = ticket;
    this.since = since;
  }
}
