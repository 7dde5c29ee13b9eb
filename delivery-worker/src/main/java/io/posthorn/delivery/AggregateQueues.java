package io.posthorn.delivery;

import io.posthorn.delivery.endpoint.Endpoint;
import io.posthorn.delivery.endpoint.RoutingTable;
import io.posthorn.schema.task.DeadLetterReason;
import io.posthorn.schema.task.DeadLetterReason.Cause;
import io.posthorn.schema.task.DeliveryTask;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;

/**
 * Ordered delivery (decision 0045): one queue per ordered endpoint and aggregate (the event's Kafka
 * key) in front of the {@link Sender}. The queue's head is the only one of its deliveries in the
 * pipeline; the others wait behind it, in the order the consume loop offered them (partition
 * order). A head that fails is tried again <em>from memory</em> on the retry ladder (never from a
 * retry tier, which another worker would read), and only its own aggregate waits for it: other
 * aggregates and other endpoints go on. When the head ends, the next goes; a dead-lettered head
 * lets the next go ({@code skip}) or keeps the queue <em>blocked</em> ({@code block}) until the
 * endpoint no longer blocks on dead letters (an operator switches it to {@code skip} or {@code
 * concurrent}, or deletes it).
 *
 * <p>Nothing here is durable, and nothing needs to be: every delivery in a queue is unresolved, so
 * its record's offset is never committed, and the partition's next owner (after a crash or a
 * rebalance) reads them all again, in partition order. A blocked head's record stays unresolved
 * too, so after a crash it is re-read first and runs the ladder again. The cost is the commit: a
 * partition is committed only up to its oldest ordered event not yet over.
 *
 * <p>Bounded: deliveries waiting behind a head count against {@code maxWaiting}; once it is reached
 * {@link #full} asks the consume loop to hold the partition's next record. Thread-safe: one lock
 * for all queues; the sender is always called outside it.
 */
final class AggregateQueues {
  /** Where a queue's deliveries go: the {@link DeliveryPipeline}. */
  interface Sender {
    /** Sends the task now or as soon as its endpoint can take it; the ticket counts as started. */
    void deliver(Endpoint endpoint, DeliveryTask task, Ticket ticket);

    /** Gives the task up without an attempt; the ticket counts as started. */
    void deadLetter(DeliveryTask task, DeadLetterReason reason, Ticket ticket);
  }

  /** Runs a task after a delay; the worker's pacing scheduler. */
  interface Timer {
    void after(Duration delay, Runnable task);
  }

  /** How often blocked queues look whether their endpoint still blocks on dead letters. */
  static final Duration BLOCK_CHECK = Duration.ofSeconds(1);

  private final Supplier<RoutingTable> routing;
  private final Sender sender;
  private final OffsetTracker offsets;
  private final Clock clock;
  private final Timer timer;
  private final int maxWaiting;
  private final Map<Key, Line> lines = new HashMap<>();
  private int waiting;
  private int blocked;
  private boolean blockCheckPlanned;
  private boolean closed;

  private record Key(String endpointId, TopicPartition partition, String aggregate) {}

  /** A delivery of the queue; {@code ticket} is the router's. */
  private static final class Pending {
    DeliveryTask task;
    final Ticket ticket;

    /** Its record's resolution, held while the queue is blocked behind it. */
    Runnable heldResolution;

    Pending(DeliveryTask task, Ticket ticket) {
      this.task = task;
      this.ticket = ticket;
    }
  }

  private static final class Line {
    final Key key;
    final ArrayDeque<Pending> queue = new ArrayDeque<>();

    /**
     * In the pipeline, waiting to be tried again, or dead-lettered and blocking; null when idle.
     */
    Pending head;

    boolean retrying;
    boolean blocked;
    boolean dropped;

    Line(Key key) {
      this.key = key;
    }
  }

  /**
   * @param maxWaiting deliveries waiting behind their aggregate's head, across queues, past which
   *     {@link #full} is true
   */
  AggregateQueues(
      Supplier<RoutingTable> routing,
      Sender sender,
      OffsetTracker offsets,
      Clock clock,
      Timer timer,
      int maxWaiting) {
    this.routing = routing;
    this.sender = sender;
    this.offsets = offsets;
    this.clock = clock;
    this.timer = timer;
    this.maxWaiting = maxWaiting;
  }

  /**
   * Whether no more deliveries may wait: the consume loop holds the next ordered record. One may
   * always wait, so a bound of 0 slows ordered endpoints down rather than stopping them.
   */
  synchronized boolean full() {
    return waiting > 0 && waiting >= maxWaiting;
  }

  /** Deliveries waiting behind their aggregate's head. */
  synchronized int waiting() {
    return waiting;
  }

  /** Queues blocked behind a dead letter. */
  synchronized int blocked() {
    return blocked;
  }

  /**
   * Sends the delivery now if nothing of its aggregate is before it for this endpoint, else queues
   * it. The ticket counts as started ({@link InFlight#started}); consumer thread, in partition
   * order.
   */
  void submit(Endpoint endpoint, DeliveryTask task, Ticket ticket, String aggregate) {
    Pending p = new Pending(task, ticket);
    Line line;
    synchronized (this) {
      if (closed) {
        ticket.open().waiting(); // not sent, not resolved: the partition's next owner delivers it
        return;
      }
      line = lines.computeIfAbsent(new Key(endpoint.id(), ticket.source(), aggregate), Line::new);
      if (line.head != null) {
        line.queue.add(p);
        waiting++;
        ticket.open().waiting();
        return;
      }
      line.head = p;
    }
    sender.deliver(endpoint, p.task, ticketFor(line, p));
  }

  /**
   * These partitions are no longer this worker's: their queues are dropped unsent, and every record
   * they hold is marked abandoned ({@link OffsetTracker#abandoned}), so the revoke does not wait
   * for them and the commit stops before them. A head on the wire finishes; nothing follows it.
   */
  void revoked(Collection<TopicPartition> partitions) {
    List<Pending> abandoned = new ArrayList<>();
    synchronized (this) {
      for (Iterator<Line> it = lines.values().iterator(); it.hasNext(); ) {
        Line line = it.next();
        if (!partitions.contains(line.key.partition())) {
          continue;
        }
        it.remove();
        drop(line, abandoned);
      }
    }
    abandoned.forEach(this::abandon);
  }

  /** The worker closes: nothing more is sent from the queues; their records stay unresolved. */
  synchronized void close() {
    closed = true;
    for (Line line : lines.values()) {
      line.dropped = true;
    }
    lines.clear();
    waiting = 0;
    blocked = 0;
  }

  private void drop(Line line, List<Pending> abandoned) {
    line.dropped = true;
    if (line.head != null && (line.retrying || line.blocked)) {
      abandoned.add(line.head);
    }
    if (line.blocked) {
      blocked--;
    }
    waiting -= line.queue.size();
    abandoned.addAll(line.queue);
    line.queue.clear();
  }

  private void abandon(Pending p) {
    DeliveryTask.Origin origin = p.task.identity().origin();
    offsets.abandoned(new TopicPartition(origin.topic(), origin.partition()), origin.offset());
  }

  /**
   * The ticket the sender gets for a queue's delivery: the router's, with this queue as its {@link
   * Sequel} and its resolution held while the queue blocks behind it.
   */
  private Ticket ticketFor(Line line, Pending p) {
    Runnable resolved =
        () -> {
          synchronized (this) {
            if (line.blocked && line.head == p && !line.dropped) {
              p.heldResolution = p.ticket.resolved();
              return;
            }
          }
          p.ticket.resolved().run();
        };
    return new Ticket(p.ticket.source(), p.ticket.open(), resolved, new QueueSequel(line, p));
  }

  private final class QueueSequel implements Sequel {
    private final Line line;
    private final Pending p;

    QueueSequel(Line line, Pending p) {
      this.line = line;
      this.p = p;
    }

    @Override
    public void ended(boolean deadLettered) {
      synchronized (AggregateQueues.this) {
        if (line.dropped || line.head != p) {
          return;
        }
        line.retrying = false;
        if (deadLettered && blocksOnDeadLetter(line.key.endpointId())) {
          line.blocked = true;
          blocked++;
          planBlockCheck();
          return;
        }
      }
      advance(line);
    }

    @Override
    public void again(DeliveryTask next, Instant dueAt) {
      synchronized (AggregateQueues.this) {
        if (!line.dropped && line.head == p) {
          p.task = next;
          line.retrying = true;
          Duration wait = Duration.between(clock.instant(), dueAt);
          timer.after(wait.isNegative() ? Duration.ZERO : wait, () -> retry(line, p));
          return;
        }
      }
      abandon(p); // its partition was revoked while it was on the wire
    }
  }

  /** The head's time has come: tried again with its endpoint as the routing table has it now. */
  private void retry(Line line, Pending p) {
    synchronized (this) {
      if (line.dropped || line.head != p || !line.retrying) {
        return;
      }
      line.retrying = false;
    }
    p.ticket.open().started();
    send(line, p);
  }

  /** The head is over: the next delivery of the queue goes, or the queue is gone. */
  private void advance(Line line) {
    Pending next;
    synchronized (this) {
      if (line.dropped) {
        return; // revoked or closing: the partition's next owner sends what followed
      }
      next = line.queue.pollFirst();
      line.head = next;
      if (next == null) {
        lines.remove(line.key, line);
        return;
      }
      waiting--;
    }
    next.ticket.open().leftLane();
    send(line, next);
  }

  /**
   * Sends a queued delivery or a retried head (its ticket counted as started again); dead-letters
   * it when its endpoint was deleted or disabled meanwhile, as a retry tier would. A dead letter's
   * end sends the next of the queue: it runs on the timer, so a long queue of a deleted endpoint is
   * worked off one by one, not by recursion.
   */
  private void send(Line line, Pending p) {
    Endpoint endpoint = routing.get().find(line.key.endpointId());
    Ticket ticket = ticketFor(line, p);
    if (endpoint == null) {
      DeadLetterReason reason =
          DeadLetterReason.of(
              Cause.DELETED, "endpoint " + line.key.endpointId() + " no longer exists");
      timer.after(Duration.ZERO, () -> sender.deadLetter(p.task, reason, ticket));
    } else if (!endpoint.enabled()) {
      DeadLetterReason reason =
          DeadLetterReason.of(Cause.DISABLED, "endpoint " + line.key.endpointId() + " is disabled");
      timer.after(Duration.ZERO, () -> sender.deadLetter(p.task, reason, ticket));
    } else {
      sender.deliver(endpoint, p.task, ticket);
    }
  }

  private boolean blocksOnDeadLetter(String endpointId) {
    Endpoint e = routing.get().find(endpointId);
    return e != null && e.order().blocksOnDeadLetter();
  }

  private void planBlockCheck() {
    if (blockCheckPlanned || closed) {
      return;
    }
    blockCheckPlanned = true;
    timer.after(BLOCK_CHECK, this::checkBlocked);
  }

  /**
   * Releases the queues whose endpoint no longer blocks on dead letters: the dead-lettered head's
   * record resolves and the next delivery goes.
   */
  void checkBlocked() {
    List<Line> released = new ArrayList<>();
    synchronized (this) {
      blockCheckPlanned = false;
      for (Line line : lines.values()) {
        if (line.blocked && !blocksOnDeadLetter(line.key.endpointId())) {
          line.blocked = false;
          blocked--;
          released.add(line);
        }
      }
      if (blocked > 0) {
        planBlockCheck();
      }
    }
    for (Line line : released) {
      Runnable resolution;
      synchronized (this) {
        resolution = line.head == null ? null : line.head.heldResolution;
      }
      if (resolution != null) {
        resolution.run();
      }
      advance(line);
    }
  }
}
