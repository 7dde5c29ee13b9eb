package io.posthorn.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer thread: polls its topics, holds at most one poll's records, offers them in order to a
 * {@link RecordRouter} while fewer than {@code bound} deliveries are open on the wire and fewer
 * than {@link #ACKNOWLEDGING_PER_SLOT} times {@code bound} wait for Kafka's acknowledgement of
 * their attempt records and hand-overs ({@link InFlight}), and commits what the {@link
 * OffsetTracker} says is resolved. Never blocks on HTTP, so a slow endpoint cannot stall polling
 * past its deadline. One runs the events, another the retry tiers.
 *
 * <p>Memory stays bounded: fetching is paused while records are held. A record the router says is
 * not yet due is kept as its partition's <em>waiting head</em>: the partition is paused (nothing
 * more is fetched from it, no busy polling) and the record is offered again exactly when due, the
 * poll timeout shortened to that instant; then the partition resumes after it.
 *
 * <p>A loop with nothing to look after (no record held, waiting or in flight, every resolved offset
 * confirmed committed) polls with {@link #IDLE_POLL}; otherwise with 50 ms, so commits and freed
 * slots are seen promptly. Records end a poll as soon as they arrive either way.
 *
 * <p>Commits: asynchronously at most once per {@code commitInterval} (by the injected clock), of
 * what the tracker says is resolved and not yet confirmed by Kafka (a failed commit is offered
 * again at the next interval), so a steady trickle of records costs one commit request per interval
 * rather than one per poll (decision 0027: after a crash up to one interval of resolved records is
 * delivered again); synchronously, every unconfirmed offset of the partitions concerned, when
 * partitions are revoked and on close. On revoke the loop first waits up to {@code revokeWait} for
 * the revoked partitions' deliveries in flight, so a rebalance (the cooperative-sticky assignor
 * moves only the partitions that change owner) re-sends only what did not resolve in that time.
 *
 * <p>A record whose routing throws is quarantined with the cause, never allowed to kill the loop.
 * If the loop dies anyway (Kafka refuses it, a bug), it says so at ERROR and {@link #failure()}
 * names the cause: the worker's health turns FAILED and its supervisor exits the process.
 */
final class ConsumeLoop implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(ConsumeLoop.class);
  private static final Duration POLL = Duration.ofMillis(50);

  /**
   * Poll timeout while the loop has nothing to look after (no record held, waiting, in flight or
   * resolved and not yet confirmed committed): a record that arrives still ends the poll at once,
   * so this only saves the idle loop's wake-ups (decision 0056).
   */
  static final Duration IDLE_POLL = Duration.ofMillis(500);

  /** Poll timeout while records are held: short, so a freed slot is used promptly. */
  private static final Duration HOLD = Duration.ofMillis(5);

  /** The longest an endpoint timeout may be, plus time for the hand-over of what then fails. */
  static final Duration DRAIN = Duration.ofSeconds(35);

  /**
   * Deliveries waiting for Kafka's acknowledgement, per sending slot, past which no more records
   * are offered: room for a producer's linger at the highest rate, and a bound while Kafka refuses.
   */
  static final int ACKNOWLEDGING_PER_SLOT = 4;

  /** How long a revoke waits for the revoked partitions' deliveries in flight before committing. */
  static final Duration REVOKE_WAIT = Duration.ofSeconds(10);

  /**
   * How often resolved offsets are committed while the loop runs ({@code worker.commit-interval}).
   */
  static final Duration COMMIT_INTERVAL = Duration.ofSeconds(1);

  private final Consumer<byte[], byte[]> consumer;
  private final List<String> topics;
  private final int bound;
  private final RecordRouter router;
  private final OffsetTracker offsets;
  private final Clock clock;
  private final Duration revokeWait;
  private final Duration drain;
  private final Duration commitInterval;
  private final Thread thread;

  /**
   * Polled records not yet offered successfully; at most one poll's worth. Consumer thread only.
   */
  private final ArrayDeque<ConsumerRecord<byte[], byte[]>> pending = new ArrayDeque<>();

  /** Heads not yet due, by partition; their partitions are paused. Consumer thread only. */
  private final Map<TopicPartition, Waiting> waiting = new HashMap<>();

  private final Set<TopicPartition> paused = new HashSet<>();
  private volatile boolean running = true;
  private volatile Throwable failure;

  /** Commits failed in a row, for one log line per streak rather than one per interval. */
  private int commitFailures;

  /**
   * When the running loop last committed (or started); the next commit is due an interval later.
   */
  private Instant lastCommit;

  private record Waiting(ConsumerRecord<byte[], byte[]> record, Instant at) {}

  /**
   * @param name names the thread and the log lines
   * @param bound deliveries open on the wire at once past which no more records are offered
   */
  ConsumeLoop(
      String name,
      Consumer<byte[], byte[]> consumer,
      List<String> topics,
      int bound,
      RecordRouter router,
      OffsetTracker offsets,
      Clock clock) {
    this(name, consumer, topics, bound, router, offsets, clock, COMMIT_INTERVAL);
  }

  /**
   * @param commitInterval how often resolved offsets are committed while the loop runs
   */
  ConsumeLoop(
      String name,
      Consumer<byte[], byte[]> consumer,
      List<String> topics,
      int bound,
      RecordRouter router,
      OffsetTracker offsets,
      Clock clock,
      Duration commitInterval) {
    this(name, consumer, topics, bound, router, offsets, clock, commitInterval, REVOKE_WAIT, DRAIN);
  }

  /**
   * @param revokeWait how long a revoke waits for the revoked partitions' deliveries in flight
   * @param drain how long close waits for every delivery in flight
   */
  ConsumeLoop(
      String name,
      Consumer<byte[], byte[]> consumer,
      List<String> topics,
      int bound,
      RecordRouter router,
      OffsetTracker offsets,
      Clock clock,
      Duration commitInterval,
      Duration revokeWait,
      Duration drain) {
    this.consumer = consumer;
    this.topics = List.copyOf(topics);
    this.bound = bound;
    this.router = router;
    this.offsets = offsets;
    this.clock = clock;
    this.revokeWait = revokeWait;
    this.drain = drain;
    this.commitInterval = commitInterval;
    this.thread = Thread.ofPlatform().name(name).unstarted(this);
  }

  void start() {
    thread.start();
  }

  boolean isRunning() {
    return thread.isAlive() && running;
  }

  /** Why the loop died, or null while it runs or after a clean close. */
  Throwable failure() {
    return failure;
  }

  String name() {
    return thread.getName();
  }

  @Override
  public void run() {
    try {
      consumer.subscribe(topics, new Rebalance());
      lastCommit = clock.instant();
      while (running) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(pollTimeout())) {
          if (!waiting.containsKey(partition(record))) {
            pending.add(record);
          }
        }
        offerDueHeads();
        offerPending();
        updatePauses();
        commitWhenDue();
      }
    } catch (WakeupException e) {
      if (running) {
        died(e);
      }
    } catch (RuntimeException | Error e) {
      died(e);
    } finally {
      running = false;
      try {
        drain();
        commitSync(List.copyOf(offsets.tracked()));
      } catch (RuntimeException e) {
        log.warn(
            "consume loop {}: the final commit failed; the next owner of its partitions delivers again from"
                + " the last confirmed commit: {}",
            thread.getName(),
            e.toString());
      } finally {
        consumer.close();
      }
    }
  }

  private void died(Throwable e) {
    failure = e;
    log.error(
        "consume loop {} died; resolved records are committed, the rest will be delivered again by the"
            + " next owner of their partitions. The worker reports FAILED and its supervisor exits the process",
        thread.getName(),
        e);
  }

  /**
   * Routes one record; a router that throws is a bug or a bad record: quarantine it, keep the loop
   * alive.
   */
  private RecordRouter.Verdict offer(ConsumerRecord<byte[], byte[]> record) {
    try {
      return router.route(record);
    } catch (RuntimeException e) {
      log.error(
          "consume loop {}: routing {}-{}@{} failed; quarantining the record",
          thread.getName(),
          record.topic(),
          record.partition(),
          record.offset(),
          e);
      router.quarantine(record, "the worker failed to route it: " + e);
      return RecordRouter.HANDED;
    }
  }

  private Duration pollTimeout() {
    if (!pending.isEmpty()) {
      return HOLD;
    }
    if (waiting.isEmpty() && offsets.settled()) {
      return IDLE_POLL;
    }
    Instant now = clock.instant();
    Duration timeout = POLL;
    for (Waiting w : waiting.values()) {
      Duration untilDue = Duration.between(now, w.at());
      if (untilDue.compareTo(timeout) < 0) {
        timeout = untilDue;
      }
    }
    return timeout.toMillis() < 1 ? Duration.ofMillis(1) : timeout;
  }

  /** Offers each waiting head whose time has come; a taken head lets its partition resume. */
  private void offerDueHeads() {
    Instant now = clock.instant();
    for (Iterator<Map.Entry<TopicPartition, Waiting>> it = waiting.entrySet().iterator();
        it.hasNext(); ) {
      Map.Entry<TopicPartition, Waiting> e = it.next();
      if (e.getValue().at().isAfter(now) || !hasRoom()) {
        continue;
      }
      switch (offer(e.getValue().record())) {
        case RecordRouter.Verdict.Handed h -> it.remove();
        case RecordRouter.Verdict.NotDue n ->
            e.setValue(new Waiting(e.getValue().record(), n.at()));
      }
    }
  }

  /** Fewer deliveries than the bound on the wire, and fewer than its share waiting for Kafka. */
  private boolean hasRoom() {
    return router.open() < bound && router.acknowledging() < bound * ACKNOWLEDGING_PER_SLOT;
  }

  /** Offers held records in order while the bound allows. */
  private void offerPending() {
    while (!pending.isEmpty() && hasRoom()) {
      ConsumerRecord<byte[], byte[]> head = pending.peekFirst();
      switch (offer(head)) {
        case RecordRouter.Verdict.Handed h -> pending.pollFirst();
        case RecordRouter.Verdict.NotDue n -> {
          TopicPartition tp = partition(pending.pollFirst());
          waiting.put(tp, new Waiting(head, n.at()));
          pending.removeIf(r -> partition(r).equals(tp));
          consumer.seek(tp, head.offset() + 1); // what follows the head is fetched again after it
        }
      }
    }
  }

  /**
   * Paused: every partition while records are held (memory stays at one poll), else the waiting
   * ones.
   */
  private void updatePauses() {
    if (pending.isEmpty() && waiting.isEmpty() && paused.isEmpty()) {
      return; // the usual state: nothing held, nothing paused, nothing to compute on this hot path
    }
    Set<TopicPartition> assigned = consumer.assignment();
    Set<TopicPartition> want = new HashSet<>(pending.isEmpty() ? waiting.keySet() : assigned);
    want.retainAll(assigned);
    if (want.equals(paused)) {
      return;
    }
    Set<TopicPartition> resume = new HashSet<>(paused);
    resume.removeAll(want);
    resume.retainAll(assigned);
    consumer.pause(want);
    consumer.resume(resume);
    paused.clear();
    paused.addAll(want);
  }

  /**
   * Lets open deliveries resolve (up to the longest timeout), polling paused to stay in the group.
   */
  private void drain() {
    consumer.pause(consumer.assignment());
    long deadline = System.nanoTime() + drain.toNanos();
    while (router.open() + router.acknowledging() > 0 && System.nanoTime() < deadline) {
      try {
        consumer.poll(POLL);
      } catch (WakeupException e) {
        // close() woke a poll that had already returned: keep draining.
      }
    }
  }

  /**
   * Commits once an interval has passed since the last commit; a failed one is offered again at the
   * next.
   */
  private void commitWhenDue() {
    Instant now = clock.instant();
    if (now.isBefore(lastCommit.plus(commitInterval))) {
      return;
    }
    lastCommit = now;
    commitAsync();
  }

  /**
   * Commits what is resolved and not yet confirmed; a failure is offered again at the next
   * interval.
   */
  private void commitAsync() {
    Map<TopicPartition, OffsetAndMetadata> done = offsets.committable();
    if (done.isEmpty()) {
      return;
    }
    consumer.commitAsync(
        done,
        (committed, error) -> {
          if (error == null) {
            offsets.confirmed(done);
            if (commitFailures > 0) {
              log.info(
                  "consume loop {}: commits succeed again after {} failure(s)",
                  thread.getName(),
                  commitFailures);
              commitFailures = 0;
            }
          } else {
            offsets.failed(done);
            if (commitFailures++ == 0) {
              log.warn(
                  "consume loop {}: commit of {} failed; retried every commit interval until Kafka confirms it: {}",
                  thread.getName(),
                  done,
                  error.toString());
            }
          }
        });
  }

  /** Commits every unconfirmed offset of these partitions and waits for Kafka's answer. */
  private void commitSync(Collection<TopicPartition> partitions) {
    Map<TopicPartition, OffsetAndMetadata> done = offsets.unconfirmed(partitions);
    if (done.isEmpty()) {
      return;
    }
    try {
      consumer.commitSync(done);
      offsets.confirmed(done);
    } catch (RuntimeException e) {
      offsets.failed(done);
      log.warn(
          "consume loop {}: commit of {} failed; the next owner delivers those records again: {}",
          thread.getName(),
          done,
          e.toString());
    }
  }

  /** Waits a bounded time for the deliveries in flight of partitions about to be revoked. */
  private void awaitInFlight(Collection<TopicPartition> partitions) {
    try {
      if (!offsets.awaitFinished(partitions, revokeWait)) {
        log.warn(
            "consume loop {}: {} record(s) of revoked partitions still in flight after {}; their new owner"
                + " delivers them again",
            thread.getName(),
            offsets.open(partitions),
            revokeWait);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Stops the loop and waits for it: it drains, commits what is resolved and closes the consumer.
   */
  void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(drain.plus(revokeWait).plusSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static TopicPartition partition(ConsumerRecord<byte[], byte[]> r) {
    return new TopicPartition(r.topic(), r.partition());
  }

  /**
   * Held records of partitions this worker no longer owns are not offered: their new owner has
   * them.
   */
  private void dropHeld(Collection<TopicPartition> partitions) {
    router.revoked(partitions);
    pending.removeIf(r -> partitions.contains(partition(r)));
    waiting.keySet().removeAll(partitions);
    paused.removeAll(partitions);
  }

  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      if (partitions.isEmpty()) {
        return;
      }
      dropHeld(partitions);
      if (running) { // on close the drain already waited for every delivery
        awaitInFlight(partitions);
      }
      commitSync(partitions);
      offsets.forget(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (!pending.isEmpty()) {
        consumer.pause(partitions);
        paused.addAll(partitions);
      }
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      log.warn(
          "consume loop {}: partitions {} lost (the group moved on without this worker, e.g. after a missed"
              + " session); {} record(s) in flight on them are delivered again by their new owner",
          thread.getName(),
          partitions,
          offsets.open(partitions));
      dropHeld(partitions);
      offsets.forget(partitions);
    }
  }
}
