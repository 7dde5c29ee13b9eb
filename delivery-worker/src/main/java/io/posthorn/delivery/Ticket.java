package io.posthorn.delivery;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;

/**
 * One delivery's way back to the router that started it.
 *
 * @param source the partition of the record it came from: its deliveries still waiting in a lane
 *     are dropped when that partition is revoked
 * @param open the router's count of open deliveries (its consume loop's back-pressure); a delivery
 *     waiting in its endpoint's lane does not count, so a slow endpoint's queue never fills the
 *     loop's budget (the lanes have their own bound)
 * @param resolved run exactly once, when nothing more can be lost (never for a dropped delivery)
 */
record Ticket(TopicPartition source, AtomicInteger open, Runnable resolved) {}
