package io.posthorn.delivery.endpoint;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
 */
public final class EndpointGate {
  /** Whether a delivery may be sent now, and if not, why. */
  public enum Admission {
    ADMITTED("admitted"),
    AT_IN_FLIGHT_BOUND("the endpoint is at its in-flight bound"),
    RATE_LIMITED("the endpoint is at its rate limit");

    public final String reason;

    Admission(String reason) {
      this.reason = reason;
    }
  }

  /** How long the consumer waits for a slot at an endpoint's bound before parking its deliveries. */
  public static final long SATURATION_GRACE_MILLIS = 100;

  private final Clock clock;
  private final Map<String, State> states = new ConcurrentHashMap<>();

  public EndpointGate(Clock clock) {
    this.clock = clock;
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

  public void release(Endpoint endpoint) {
    State s = states.get(endpoint.id());
    if (s != null) {
      s.release(endpoint.maxInFlight());
    }
  }

  /** Requests on the wire to this endpoint now. */
  public int inFlight(String endpointId) {
    State s = states.get(endpointId);
    return s == null ? 0 : s.inFlight();
  }

  private static final class State {
    private int inFlight;
    private long waitingSince = -1;
    private boolean saturated;
    private double tokens = -1;
    private long refilledAt;

    synchronized boolean shouldWait(Endpoint e, long nowMillis) {
      if (inFlight < e.maxInFlight() || saturated) {
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
      return Admission.ADMITTED;
    }

    synchronized void release(int maxInFlight) {
      inFlight--;
      if (saturated && inFlight <= maxInFlight / 2) {
        saturated = false;
      }
    }

    synchronized int inFlight() {
      return inFlight;
    }
  }
}
