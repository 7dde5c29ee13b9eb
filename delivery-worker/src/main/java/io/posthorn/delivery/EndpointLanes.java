package io.posthorn.delivery;

import io.posthorn.delivery.endpoint.Endpoint;
import io.posthorn.delivery.endpoint.EndpointGate;
import io.posthorn.delivery.endpoint.EndpointGate.Admission;
import io.posthorn.schema.task.DeliveryTask;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One FIFO lane per endpoint in front of the {@link EndpointGate} (decision 0015): a delivery the
 * gate refuses waits in its endpoint's lane and is sent the moment that endpoint can take it: when
 * one of its requests ends (in-flight bound), at its next token (rate limit, woken on the ticker),
 * or when its circuit's cool-down ends (the head becomes the probe). A lane only ever waits for its
 * own endpoint, so it never holds back another; and while a lane is not empty, new deliveries to
 * that endpoint queue behind it (first come, first sent).
 *
 * <p>Bounded: a lane takes no more than its endpoint can send within {@code maxWait} (its rate, or
 * its bound over its observed request time), all lanes together at most {@code maxQueued}, and a
 * delivery that has waited {@code maxWait} leaves. What does not fit is <em>parked</em> on the
 * first tier as before lanes existed. While the endpoint's circuit is open its deliveries are
 * <em>held</em> instead: through at most {@code maxHolds} cool-downs (each failed probe is one
 * more); past that, or when there is no room, a held delivery counts as a failed attempt that never
 * reached the wire and goes up the retry ladder, so an endpoint that stays down is not recycled
 * through the first tier every minute.
 *
 * <p>A waiting delivery is not counted in its router's open deliveries ({@link Ticket#open}), and
 * its record's offset stays uncommitted until it is resolved. Thread-safe: each lane is guarded by
 * its own lock; the {@link Outlet} is always called outside it.
 */
final class EndpointLanes {
  private static final Logger log = LoggerFactory.getLogger(EndpointLanes.class);

  /**
   * Where a delivery goes when it leaves its lane; the {@link DeliveryPipeline}. Called outside any
   * lane lock.
   */
  interface Outlet {
    /** Admitted by the gate (slot and token taken): attempt it now. */
    void send(Endpoint endpoint, DeliveryTask task, Ticket ticket);

    /**
     * No room in the lane, or waited {@code maxWait}: park it on the first tier for {@code reason}.
     */
    void park(DeliveryTask task, String reason, Ticket ticket);

    /**
     * Held too long by an open circuit, or no room while it is open: a failed attempt never sent.
     */
    void notSent(DeliveryTask task, String reason, Ticket ticket);

    /** Its endpoint was deleted while it waited. */
    void deleted(DeliveryTask task, Ticket ticket);

    /** It waits through cool-down number {@code holds} of its endpoint's open circuit. */
    void held(DeliveryTask task, int holds);
  }

  /**
   * Runs a task after a delay on the ticker's time scale; a single scheduler thread in production.
   */
  interface Wakeups {
    void after(long delayNanos, Runnable task);
  }

  /**
   * @param maxWait the longest a delivery waits in its lane (and what sets a lane's size)
   * @param maxQueued deliveries waiting in all lanes together
   * @param maxHolds cool-downs of an open circuit a delivery is held through
   */
  record Limits(Duration maxWait, int maxQueued, int maxHolds) {}

  private final EndpointGate gate;
  private final LongSupplier nanos;
  private final Wakeups wakeups;
  private final long maxWaitNanos;
  private final int maxQueued;
  private final int maxHolds;
  private final Outlet outlet;
  private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
  private final AtomicInteger queued = new AtomicInteger();
  private volatile boolean closed;

  EndpointLanes(
      EndpointGate gate, LongSupplier nanos, Wakeups wakeups, Limits limits, Outlet outlet) {
    this.gate = gate;
    this.nanos = nanos;
    this.wakeups = wakeups;
    this.maxWaitNanos = limits.maxWait().toNanos();
    this.maxQueued = limits.maxQueued();
    this.maxHolds = limits.maxHolds();
    this.outlet = outlet;
  }

  /**
   * Sends the delivery now if its endpoint can take it and nothing waits before it; else it waits
   * or leaves.
   */
  void submit(Endpoint endpoint, DeliveryTask task, Ticket ticket) {
    List<Runnable> out = new ArrayList<>(1);
    while (true) {
      Lane lane = lanes.computeIfAbsent(endpoint.id(), id -> new Lane());
      synchronized (lane) {
        if (lane.removed) {
          continue; // deleted meanwhile; the endpoint is back (or racing its deletion): a fresh
          // lane
        }
        lane.endpoint = endpoint;
        long now = nanos.getAsLong();
        if (closed) {
          break; // shutting down: not sent, not resolved, so its record's offset stays uncommitted
        }
        if (lane.queue.isEmpty()) {
          Admission a = gate.admit(endpoint);
          if (a == Admission.ADMITTED) {
            out.add(() -> outlet.send(endpoint, task, ticket));
            break;
          }
          lane.refusal = a;
        }
        enqueue(lane, new WaitingDelivery(task, ticket, now), now, out);
        plan(lane, now);
        break;
      }
    }
    out.forEach(Runnable::run);
  }

  /**
   * A request to this endpoint ended (its slot is back in the gate): feeds the lane's pace and
   * sends what can go.
   */
  void released(Endpoint endpoint, long tookNanos) {
    Lane lane = lanes.get(endpoint.id());
    if (lane == null) {
      return;
    }
    synchronized (lane) {
      lane.meanNanos =
          lane.meanNanos < 0 ? tookNanos : lane.meanNanos + (tookNanos - lane.meanNanos) / 8;
    }
    pump(lane);
  }

  /**
   * Deliveries of records from these partitions are dropped unsent: the partitions' new owner
   * delivers them.
   */
  void drop(Collection<TopicPartition> partitions) {
    for (Lane lane : lanes.values()) {
      synchronized (lane) {
        for (Iterator<WaitingDelivery> it = lane.queue.iterator(); it.hasNext(); ) {
          if (partitions.contains(it.next().ticket.source())) {
            it.remove();
            queued.decrementAndGet();
          }
        }
      }
    }
  }

  /** The endpoint was deleted: its lane goes, and what waited in it is dead-lettered as deleted. */
  void remove(String endpointId) {
    Lane lane = lanes.remove(endpointId);
    if (lane == null) {
      return;
    }
    List<Runnable> out = new ArrayList<>();
    synchronized (lane) {
      lane.removed = true;
      while (!lane.queue.isEmpty()) {
        WaitingDelivery w = take(lane);
        out.add(() -> outlet.deleted(w.task, w.ticket));
      }
    }
    out.forEach(Runnable::run);
  }

  /**
   * Stops sending from the lanes and drops what waits in them, unsent and unresolved (their
   * records' offsets stay uncommitted, so the partitions' next owner delivers them). Called when
   * the worker closes, before the consume loops drain what is on the wire.
   */
  void close() {
    closed = true;
    for (Lane lane : lanes.values()) {
      synchronized (lane) {
        queued.addAndGet(-lane.queue.size());
        lane.queue.clear();
      }
    }
  }

  /** Deliveries waiting in all lanes. */
  int queued() {
    return queued.get();
  }

  /** Deliveries waiting for this endpoint. */
  int queued(String endpointId) {
    Lane lane = lanes.get(endpointId);
    if (lane == null) {
      return 0;
    }
    synchronized (lane) {
      return lane.queue.size();
    }
  }

  /** Lanes kept (one per endpoint that ever had to wait, until it is deleted). */
  int lanes() {
    return lanes.size();
  }

  /** Sends what the gate admits, in order; then holds, expires and plans the next wake-up. */
  private void pump(Lane lane) {
    List<Runnable> out = new ArrayList<>();
    synchronized (lane) {
      if (lane.removed || closed || lane.queue.isEmpty()) {
        return;
      }
      long now = nanos.getAsLong();
      Endpoint endpoint = lane.endpoint;
      while (!lane.queue.isEmpty()) {
        Admission a = gate.admit(endpoint);
        if (a != Admission.ADMITTED) {
          lane.refusal = a;
          break;
        }
        WaitingDelivery w = take(lane);
        out.add(() -> outlet.send(endpoint, w.task, w.ticket));
      }
      if (!lane.queue.isEmpty()) {
        if (circuitOpen(lane)) {
          countHolds(lane, out);
        } else {
          circuitClosed(lane, now);
          expire(lane, now, out);
        }
        plan(lane, now);
      }
    }
    // On a request's thread or the pacing thread: one delivery that throws must not strand the
    // rest.
    for (Runnable r : out) {
      try {
        r.run();
      } catch (RuntimeException e) {
        log.error("a delivery leaving the lane of endpoint {} failed", lane.endpoint.id(), e);
      }
    }
  }

  private void enqueue(Lane lane, WaitingDelivery w, long now, List<Runnable> out) {
    boolean circuit = circuitOpen(lane);
    if (lane.queue.size() >= capacity(lane) || !reserve()) {
      out.add(
          circuit
              ? () ->
                  outlet.notSent(
                      w.task,
                      "not sent: the endpoint's circuit is open and its lane is full",
                      w.ticket)
              : () -> outlet.park(w.task, lane.refusal.reason, w.ticket));
      return;
    }
    w.ticket.open().waiting();
    if (circuit) {
      w.heldFrom = gate.openings(lane.endpoint.id());
      out.add(() -> outlet.held(w.task, 1));
    }
    lane.queue.add(w);
  }

  /** Open or half-open: whatever else refused it, the lane is held, not timed by max-wait. */
  private boolean circuitOpen(Lane lane) {
    return gate.circuit(lane.endpoint.id()) != EndpointGate.Circuit.CLOSED;
  }

  /** Once per opening of the circuit: every held delivery sat through one more cool-down. */
  private void countHolds(Lane lane, List<Runnable> out) {
    long openings = gate.openings(lane.endpoint.id());
    if (openings == lane.openingSeen) {
      return;
    }
    lane.openingSeen = openings;
    for (Iterator<WaitingDelivery> it = lane.queue.iterator(); it.hasNext(); ) {
      WaitingDelivery w = it.next();
      if (w.heldFrom < 0) {
        w.heldFrom = openings;
        out.add(() -> outlet.held(w.task, 1));
        continue;
      }
      int holds = (int) (openings - w.heldFrom + 1);
      if (holds == 1) {
        continue; // held under this opening already, and told so
      }
      if (holds > maxHolds) {
        it.remove();
        leave(w);
        String reason =
            "not sent: held through " + maxHolds + " cool-downs of the endpoint's open circuit";
        out.add(() -> outlet.notSent(w.task, reason, w.ticket));
      } else {
        out.add(() -> outlet.held(w.task, holds));
      }
    }
  }

  /**
   * The circuit is closed again: held deliveries wait like the others, their wait counted from now.
   */
  private void circuitClosed(Lane lane, long now) {
    if (lane.openingSeen < 0 && lane.queue.peekFirst().heldFrom < 0) {
      return;
    }
    lane.openingSeen = -1;
    for (WaitingDelivery w : lane.queue) {
      if (w.heldFrom >= 0) {
        w.heldFrom = -1;
        w.since = now;
      }
    }
  }

  private void expire(Lane lane, long now, List<Runnable> out) {
    String reason = lane.refusal.reason;
    while (!lane.queue.isEmpty() && now - lane.queue.peekFirst().since >= maxWaitNanos) {
      WaitingDelivery w = take(lane);
      out.add(() -> outlet.park(w.task, reason, w.ticket));
    }
  }

  /**
   * Wakes the lane when the gate may say yes without a release, or when its head's wait runs out.
   */
  private void plan(Lane lane, long now) {
    if (lane.queue.isEmpty()) {
      return;
    }
    long at = gate.readyAt(lane.endpoint);
    WaitingDelivery head = lane.queue.peekFirst();
    if (head.heldFrom < 0) {
      long expires = head.since + maxWaitNanos;
      at = at == EndpointGate.ON_RELEASE || expires - at < 0 ? expires : at;
    }
    if (at == EndpointGate.ON_RELEASE || (lane.wakePending && lane.wakeAt - at <= 0)) {
      return;
    }
    lane.wakePending = true;
    lane.wakeAt = at;
    long wakeAt = at;
    wakeups.after(
        Math.max(0, at - now),
        () -> {
          synchronized (lane) {
            if (lane.wakeAt == wakeAt) {
              lane.wakePending = false;
            }
          }
          pump(lane);
        });
  }

  /**
   * What the endpoint can send within {@code maxWait}: its rate, or its in-flight bound over the
   * mean time of its requests, whichever is less; {@code maxQueued} until either is known.
   */
  private int capacity(Lane lane) {
    Endpoint e = lane.endpoint;
    double perSecond = e.ratePerSecond() > 0 ? e.ratePerSecond() : Double.POSITIVE_INFINITY;
    if (lane.meanNanos > 0) {
      perSecond = Math.min(perSecond, e.maxInFlight() * 1e9 / lane.meanNanos);
    }
    if (Double.isInfinite(perSecond)) {
      return maxQueued;
    }
    return (int) Math.min(maxQueued, Math.max(1, Math.ceil(perSecond * maxWaitNanos / 1e9)));
  }

  private boolean reserve() {
    if (queued.incrementAndGet() > maxQueued) {
      queued.decrementAndGet();
      return false;
    }
    return true;
  }

  private WaitingDelivery take(Lane lane) {
    WaitingDelivery w = lane.queue.pollFirst();
    leave(w);
    return w;
  }

  private void leave(WaitingDelivery w) {
    queued.decrementAndGet();
    w.ticket.open().leftLane();
  }

  /** One endpoint's waiting deliveries; guarded by its own monitor. */
  private static final class Lane {
    final ArrayDeque<WaitingDelivery> queue = new ArrayDeque<>();
    Endpoint endpoint;
    Admission refusal = Admission.AT_IN_FLIGHT_BOUND;

    /** The circuit opening whose holds were last counted; -1 when none are being counted. */
    long openingSeen = -1;

    boolean wakePending;
    long wakeAt;

    /** Mean request time, exponentially weighted (1/8); -1 until the first request ends. */
    long meanNanos = -1;

    boolean removed;
  }
}
