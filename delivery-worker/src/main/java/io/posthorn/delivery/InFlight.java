package io.posthorn.delivery;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One router's deliveries, its consume loop's back-pressure, in two counts (decision 0035):
 *
 * <ul>
 *   <li><em>sending</em>: started and not yet finished on the wire; a delivery waiting in its
 *       endpoint's lane does not count, so a slow endpoint's queue never fills the loop's budget
 *       (the lanes have their own bound);
 *   <li><em>acknowledging</em>: its request ended (or it left without one: parked, not sent,
 *       dead-lettered) and it waits for Kafka to acknowledge its attempt record and its hand-over
 *       before it resolves.
 * </ul>
 *
 * <p>Apart, so that waiting for Kafka (a producer linger that batches attempt records, a refused
 * hand-over being retried) never takes a sending slot from the endpoints, while what waits for
 * Kafka still has a bound of its own. Thread-safe.
 */
final class InFlight {
  private final AtomicInteger sending = new AtomicInteger();
  private final AtomicInteger acknowledging = new AtomicInteger();

  /** A delivery started. */
  void started() {
    sending.incrementAndGet();
  }

  /** It waits in its endpoint's lane. */
  void waiting() {
    sending.decrementAndGet();
  }

  /** It left its endpoint's lane (sent, or on its way to a tier). */
  void leftLane() {
    sending.incrementAndGet();
  }

  /** Its request ended, or it leaves without one: now it only waits for Kafka. */
  void settled() {
    sending.decrementAndGet();
    acknowledging.incrementAndGet();
  }

  /** Kafka acknowledged what it needed: resolved. */
  void resolved() {
    acknowledging.decrementAndGet();
  }

  int sending() {
    return sending.get();
  }

  int acknowledging() {
    return acknowledging.get();
  }
}
