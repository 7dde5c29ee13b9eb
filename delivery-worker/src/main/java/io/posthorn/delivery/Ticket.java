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
 */
record Ticket(TopicPartition source, InFlight open, Runnable resolved) {}
