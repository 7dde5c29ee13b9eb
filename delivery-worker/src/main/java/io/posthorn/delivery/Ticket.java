package io.posthorn.delivery;

import org.apache.kafka.common.TopicPartition;

/**
 * One delivery's way back to the router that started it.
 *
 * @param source the partition of the record it came from: its deliveries still waiting in a lane
 *     are dropped when that partition is revoked
 * @param open the router's counts of its deliveries (its consume loop's back-pressure): the lanes
 *     take a waiting delivery out of the sending count, the pipeline moves it to the acknowledging
 *     count when its request ends and out of both when it resolves
 * @param resolved run exactly once, when nothing more can be lost (never for a dropped delivery);
 *     the pipeline updates {@code open} itself
 * @param sequel for a delivery to an ordered endpoint, its aggregate's queue ({@link
 *     AggregateQueues}): told when the delivery is over for the aggregate, and given its retries
 *     instead of a retry tier; {@code null} for a concurrent delivery
 */
record Ticket(TopicPartition source, InFlight open, Runnable resolved, Sequel sequel) {

  /** A concurrent delivery's ticket. */
  Ticket(TopicPartition source, InFlight open, Runnable resolved) {
    this(source, open, resolved, null);
  }
}
