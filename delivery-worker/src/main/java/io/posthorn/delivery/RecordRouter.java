package io.posthorn.delivery;

import java.time.Instant;
import java.util.Collection;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * What a {@link ConsumeLoop} does with each record, in partition order: the events fan-out, or the
 * retry tiers' task router. Consumer thread only, except {@link #open()} and {@link
 * #acknowledging()}.
 */
interface RecordRouter {
  /** What became of one offered record. */
  sealed interface Verdict {
    /** Taken: the router reports it to the {@link OffsetTracker} when resolved. */
    record Handed() implements Verdict {}

    /**
     * Not due before {@code at}: hold it, fetch nothing more from its partition, offer it again
     * then.
     */
    record NotDue(Instant at) implements Verdict {}
  }

  Verdict HANDED = new Verdict.Handed();

  Verdict route(ConsumerRecord<byte[], byte[]> record);

  /**
   * Puts a record aside to the invalid-events topic with {@code reason}, finishing it once Kafka
   * has the copy: what the loop does with a record whose {@link #route} threw.
   */
  void quarantine(ConsumerRecord<byte[], byte[]> record, String reason);

  /**
   * These partitions are no longer this worker's: deliveries of their records still waiting in an
   * endpoint's lane are dropped unsent (their new owner delivers them). Consumer thread.
   */
  default void revoked(Collection<TopicPartition> partitions) {}

  /**
   * Deliveries started and not yet finished on the wire, not counting those waiting in an
   * endpoint's lane: the loop's back-pressure ({@link InFlight}). Any thread.
   */
  int open();

  /**
   * Deliveries whose request ended and that wait for Kafka's acknowledgement of their attempt
   * record and hand-over before they resolve: bounded apart by the loop ({@link InFlight}). Any
   * thread.
   */
  default int acknowledging() {
    return 0;
  }
}
