package io.posthorn.delivery.endpoint;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * Admission per endpoint: at most {@link Endpoint#maxInFlight()} requests on the wire and at most
 * {@link Endpoint#ratePerSecond()} started per second (a token bucket holding one second's worth).
 * A delivery that is not admitted is parked, never queued here. Thread-safe.
 *
 * <p>An endpoint at its bound is first given a short grace ({@link #SATURATION_GRACE}) to free a
 * slot, during which the consumer holds the next record ({@link #shouldWait}): a fast endpoint in a
 * burst frees slots within milliseconds and is never parked. If the grace runs out the endpoint is
 * <em>saturated</em>: its deliveries are parked at once, without waiting, until its in-flight count
 * falls to half the bound. A stalled endpoint so costs the others at most one grace per episode.
 *
 * <p>It is also the endpoint's <em>circuit breaker</em>: after {@code failureThreshold} failed
 * attempts in a row the circuit opens and every delivery is parked without a request; once the
 * cool-down has passed one delivery is admitted as a probe (half-open), and its success closes the
 * circuit while its failure opens it for another cool-down.
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
  public enum Circuit { CLOSED, OPEN, HALF_OPEN }

  /** How long the consumer waits for a slot at an endpoint's bound before parking its deliveries. */
  public static final long SATURATION_GRACE_MILLIS = 100;

  private final Clock clock;
  private final int failureThreshold;
  private final long coolDownMillis;
  private final BiConsumer<String, Boolean> circuitChanged;
  private final Map<String, State> states = new ConcurrentHashMap<>();

  /**
   * @param failureThreshold failed attempts in a row that open an endpoint's circuit; 0 never opens it
   * @param circuitChanged told (endpoint id, open?) when a circuit opens or closes
   */
  public EndpointGate(Clock clock, int failureThreshold, Duration coolDown, BiConsumer<String, Boolean> circuitChanged) {
    this.clock = clock;
    this.failureThreshold = failureThreshold;
    this.coolDownMillis = coolDown.toMillis();
    this.circuitChanged = circuitChanged;
  }

  /** A gate whose circuits never open (tests of the bounds alone). */
  public EndpointGate(Clock clock) {
    this(clock, 0, Duration.ZERO, (id, open) -> {});
  }

  /** Takes a slot (and a token) for one request, or says why not. Pair each admit with {@link #release}. */
  public Admission admit(Endpoint endpoint) {
    return states.computeIfAbsent(endpoint.id(), id -> new State()).admit(endpoint, clock.millis());
  }

  /**
   * Whether the consumer should hold the next record a moment for this endpoint: it is at its
   * bound, not yet saturated, and its grace has not run out. Consumer thread only.
   */
  public boolean shouldWait(Endpoint endpoint) {
    return states.computeIfAbsent(endpoint.id(), id -> new State()).shouldWait(endpoint, clock.millis());
  }

  /** Returns the slot taken by {@link #admit} and feeds the circuit with how the request ended. */
  public void release(Endpoint endpoint, Result result) {
    State s = states.get(endpoint.id());
    if (s != null) {
      Boolean changed = s.release(endpoint.maxInFlight(), result, clock.millis());
      if (changed != null) {
        circuitChanged.accept(endpoint.id(), changed);
      }
    }
  }

  public Circuit circuit(String endpointId) {
    State s = states.get(endpointId);
    return s == null ? Circuit.CLOSED : s.circuit();
  }

  /** Requests on the wire to this endpoint now. */
  public int inFlight(String endpointId) {
    State s = states.get(endpointId);
    return s == null ? 0 : s.inFlight();
  }

  private final class State {
    private int inFlight;
    private int failures;
    private long openUntil = -1;
    private boolean probing;
    private long waitingSince = -1;
    private boolean saturated;
    private double tokens = -1;
    private long refilledAt;

    synchronized boolean shouldWait(Endpoint e, long nowMillis) {
      if (inFlight < e.maxInFlight() || saturated || openUntil >= 0) {
        waitingSince = -1;
        return false;
      }
      if (waitingSince < 0) {
        waitingSince = nowMillis;
      }
      if (nowMillis - waitingSince < SATURATION_GRACE_MILLIS) {
        return true;
      }
      saturated = true;
      waitingSince = -1;
      return false;
    }

    synchronized Admission admit(Endpoint e, long nowMillis) {
      if (openUntil >= 0 && (probing || nowMillis < openUntil)) {
        return Admission.CIRCUIT_OPEN;
      }
      if (inFlight >= e.maxInFlight()) {
        return Admission.AT_IN_FLIGHT_BOUND;
      }
      if (e.ratePerSecond() > 0) {
        if (tokens < 0) {
          tokens = e.ratePerSecond();
        } else {
          tokens = Math.min(e.ratePerSecond(), tokens + (nowMillis - refilledAt) * e.ratePerSecond() / 1000.0);
        }
        refilledAt = nowMillis;
        if (tokens < 1) {
          return Admission.RATE_LIMITED;
        }
        tokens -= 1;
      }
      inFlight++;
      probing = openUntil >= 0; // past the cool-down: this request is the probe
      return Admission.ADMITTED;
    }

    /** @return TRUE when the circuit opened, FALSE when it closed, null when unchanged */
    synchronized Boolean release(int maxInFlight, Result result, long nowMillis) {
      inFlight--;
      if (saturated && inFlight <= maxInFlight / 2) {
        saturated = false;
      }
      switch (result) {
        case ANSWERED -> {
          failures = 0;
          if (openUntil >= 0) {
            openUntil = -1;
            probing = false;
            return Boolean.FALSE;
          }
        }
        case FAILED -> {
          failures++;
          if (probing) {
            probing = false;
            openUntil = nowMillis + coolDownMillis;
          } else if (openUntil < 0 && failureThreshold > 0 && failures >= failureThreshold) {
            openUntil = nowMillis + coolDownMillis;
            return Boolean.TRUE;
          }
        }
        case NOT_SENT -> probing = false;
      }
      return null;
    }

    synchronized Circuit circuit() {
      return openUntil < 0 ? Circuit.CLOSED : probing ? Circuit.HALF_OPEN : Circuit.OPEN;
    }

    synchronized int inFlight() {
      return inFlight;
    }
  }
}
