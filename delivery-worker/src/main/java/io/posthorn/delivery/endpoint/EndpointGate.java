package io.posthorn.delivery.endpoint;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

/**
 * Admission per endpoint: at most {@link Endpoint#maxInFlight()} requests on the wire and at most
 * {@link Endpoint#ratePerSecond()} started per second (a token bucket holding one second's worth).
 * It only says yes or no, and when a no may turn into a yes ({@link #readyAt}); a refused delivery
 * waits in its endpoint's lane in the worker, never here. Thread-safe.
 *
 * <p>It is also the endpoint's <em>circuit breaker</em>: after {@code failureThreshold} failed
 * attempts in a row the circuit opens and nothing is admitted; once the cool-down has passed one
 * delivery is admitted as a probe (half-open), and its success closes the circuit while its failure
 * opens it for another cool-down. Each opening is counted ({@link #openings}), so a waiting
 * delivery can tell how many cool-downs it sat through.
 *
 * <p>Time is a monotonic ticker in nanoseconds ({@link System#nanoTime()} in production): a wall
 * clock stepped back by NTP neither stretches a cool-down nor starves a rate. State for an endpoint
 * is made on its first admission and removed by {@link #forget} when the endpoint is deleted.
 */
public final class EndpointGate {
  /** Whether a delivery may be sent now, and if not, why. */
  public enum Admission {
    ADMITTED("admitted"),
    AT_IN_FLIGHT_BOUND("the endpoint is at its in-flight bound"),
    RATE_LIMITED("the endpoint is at its rate limit"),
    CIRCUIT_OPEN("the endpoint's circuit is open after repeated failures");

    public final String reason;

    Admission(String reason) {
      this.reason = reason;
    }
  }

  /** How an admitted request ended, as far as the circuit is concerned. */
  public enum Result {
    /** The endpoint answered deliberately (2xx, 410, abort). */
    ANSWERED,
    /** No answer, or a status worth retrying. */
    FAILED,
    /** Not sent (refused by policy): says nothing about the endpoint. */
    NOT_SENT
  }

  /** Circuit state for meters: closed, open, or half-open (a probe on the wire). */
  public enum Circuit {
    CLOSED,
    OPEN,
    HALF_OPEN
  }

  /** {@link #readyAt}'s answer when only a {@link #release} can free the endpoint. */
  public static final long ON_RELEASE = Long.MAX_VALUE;

  private static final long SECOND = 1_000_000_000L;

  private final LongSupplier nanos;
  private final int failureThreshold;
  private final long coolDownNanos;
  private final BiConsumer<String, Boolean> circuitChanged;
  private final Map<String, State> states = new ConcurrentHashMap<>();

  /**
   * @param nanos a monotonic ticker ({@code System::nanoTime})
   * @param failureThreshold failed attempts in a row that open an endpoint's circuit; 0 never opens
   *     it
   * @param circuitChanged told (endpoint id, open?) when a circuit opens or closes
   */
  public EndpointGate(
      LongSupplier nanos,
      int failureThreshold,
      Duration coolDown,
      BiConsumer<String, Boolean> circuitChanged) {
    this.nanos = nanos;
    this.failureThreshold = failureThreshold;
    this.coolDownNanos = coolDown.toNanos();
    this.circuitChanged = circuitChanged;
  }

  /** A gate whose circuits never open (tests of the bounds alone). */
  public EndpointGate(LongSupplier nanos) {
    this(nanos, 0, Duration.ZERO, (id, open) -> {});
  }

  /**
   * Takes a slot (and a token) for one request, or says why not. Pair each admission with {@link
   * #release}.
   */
  public Admission admit(Endpoint endpoint) {
    return states
        .computeIfAbsent(endpoint.id(), id -> new State())
        .admit(endpoint, nanos.getAsLong());
  }

  /**
   * The ticker instant from which {@link #admit} may succeed without any release: the next token of
   * a rate-limited endpoint, the end of an open circuit's cool-down; {@link #ON_RELEASE} when the
   * endpoint waits for a request on the wire to end (in-flight bound, probe on the wire); now when
   * nothing stands in the way.
   */
  public long readyAt(Endpoint endpoint) {
    State s = states.get(endpoint.id());
    return s == null ? nanos.getAsLong() : s.readyAt(endpoint, nanos.getAsLong());
  }

  /** Returns the slot taken by {@link #admit} and feeds the circuit with how the request ended. */
  public void release(Endpoint endpoint, Result result) {
    State s = states.get(endpoint.id());
    if (s != null) {
      Boolean changed = s.release(result, nanos.getAsLong());
      if (changed != null) {
        circuitChanged.accept(endpoint.id(), changed);
      }
    }
  }

  /** Drops what is known of a deleted endpoint: its bounds, tokens and circuit. */
  public void forget(String endpointId) {
    states.remove(endpointId);
  }

  public Circuit circuit(String endpointId) {
    State s = states.get(endpointId);
    return s == null ? Circuit.CLOSED : s.circuit();
  }

  /** How many times this endpoint's circuit opened (a failed probe opens it again), ever. */
  public long openings(String endpointId) {
    State s = states.get(endpointId);
    return s == null ? 0 : s.openings();
  }

  /** Requests on the wire to this endpoint now. */
  public int inFlight(String endpointId) {
    State s = states.get(endpointId);
    return s == null ? 0 : s.inFlight();
  }

  /**
   * Endpoints the gate holds state for (bounded by the routing table, as deleted ones are
   * forgotten).
   */
  public int size() {
    return states.size();
  }

  private final class State {
    private int inFlight;
    private int failures;
    private boolean open;
    private long openUntil;
    private long openings;
    private boolean probing;

    /**
     * The bucket in token-nanoseconds (one token = {@link #SECOND}); -1 before the first request.
     */
    private long bucket = -1;

    private long refilledAt;

    synchronized Admission admit(Endpoint e, long now) {
      if (open && (probing || now - openUntil < 0)) {
        return Admission.CIRCUIT_OPEN;
      }
      if (inFlight >= e.maxInFlight()) {
        return Admission.AT_IN_FLIGHT_BOUND;
      }
      if (e.ratePerSecond() > 0) {
        refill(e.ratePerSecond(), now);
        if (bucket < SECOND) {
          return Admission.RATE_LIMITED;
        }
        bucket -= SECOND;
      }
      inFlight++;
      probing = open; // past the cool-down: this request is the probe
      return Admission.ADMITTED;
    }

    /** Exact in integers: {@code elapsed × rate} token-nanoseconds, up to one second's worth. */
    private void refill(int rate, long now) {
      long full = rate * SECOND;
      if (bucket < 0) {
        bucket = full;
      } else {
        long elapsed = Math.min(now - refilledAt, SECOND);
        bucket = Math.min(full, bucket + elapsed * rate);
      }
      refilledAt = now;
    }

    synchronized long readyAt(Endpoint e, long now) {
      if (open) {
        return probing ? ON_RELEASE : (now - openUntil < 0 ? openUntil : now);
      }
      if (inFlight >= e.maxInFlight()) {
        return ON_RELEASE;
      }
      if (e.ratePerSecond() > 0 && bucket >= 0) {
        refill(e.ratePerSecond(), now);
        if (bucket < SECOND) {
          return now + Math.ceilDiv(SECOND - bucket, e.ratePerSecond());
        }
      }
      return now;
    }

    /**
     * @return TRUE when the circuit opened, FALSE when it closed, null when unchanged
     */
    synchronized Boolean release(Result result, long now) {
      inFlight--;
      switch (result) {
        case ANSWERED -> {
          failures = 0;
          if (open) {
            open = false;
            probing = false;
            return Boolean.FALSE;
          }
        }
        case FAILED -> {
          failures++;
          if (probing) {
            probing = false;
            openFor(now);
          } else if (!open && failureThreshold > 0 && failures >= failureThreshold) {
            openFor(now);
            return Boolean.TRUE;
          }
        }
        case NOT_SENT -> probing = false;
      }
      return null;
    }

    private void openFor(long now) {
      open = true;
      openUntil = now + coolDownNanos;
      openings++;
    }

    synchronized Circuit circuit() {
      return !open ? Circuit.CLOSED : probing ? Circuit.HALF_OPEN : Circuit.OPEN;
    }

    synchronized long openings() {
      return openings;
    }

    synchronized int inFlight() {
      return inFlight;
    }
  }
}
