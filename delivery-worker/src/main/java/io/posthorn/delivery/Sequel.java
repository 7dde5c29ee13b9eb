package io.posthorn.delivery;

import io.posthorn.schema.task.DeliveryTask;
import java.time.Instant;

/**
 * What the {@link DeliveryPipeline} tells the aggregate queue of a delivery to an ordered endpoint
 * (decision 0045). Such a delivery never goes to a retry tier: another worker would take it from
 * there and the aggregate's later events, held here, would never learn it ended. Called outside any
 * lock, at most one of the two per attempt.
 */
interface Sequel {
  /**
   * The delivery is over for its aggregate: delivered, or dead-lettered. Called as soon as the
   * outcome is known, before Kafka acknowledges the attempt record or the dead letter; the ticket's
   * {@code resolved} follows.
   */
  void ended(boolean deadLettered);

  /**
   * Try {@code next} again at {@code dueAt}, from memory: a failed attempt with the ladder's next
   * step, or a delivery parked without an attempt. The ticket stays unresolved, so its record's
   * offset is not committed past it; its counts in {@link InFlight} are already given back.
   */
  void again(DeliveryTask next, Instant dueAt);
}
