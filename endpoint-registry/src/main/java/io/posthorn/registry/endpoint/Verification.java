package io.posthorn.registry.endpoint;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * An endpoint's verification handshake (decision 0046), stored as the endpoint's {@code
 * verification} column: the challenge sent in a {@code posthorn.ping}, the event that carries it,
 * and how it ended. An endpoint that asked for verification once keeps the record: it is enabled
 * only by a correct answer, never by the enable route, until the record says {@link
 * State#VERIFIED}.
 *
 * @param challenge the random text the endpoint must echo
 * @param eventId the id of the ping that carries it; only that event's attempts can answer
 * @param expiresAt a pending challenge not answered by then fails
 * @param verifiedAt when the correct answer was logged, {@code null} until then
 */
record Verification(
    State state,
    String challenge,
    String eventId,
    Instant requestedAt,
    Instant expiresAt,
    Instant verifiedAt) {

  /** Where the handshake stands. */
  enum State {
    /** The challenge is out; the endpoint is disabled and receives only the challenge. */
    @JsonProperty("pending")
    PENDING,
    /** The endpoint answered correctly; it may be enabled. */
    @JsonProperty("verified")
    VERIFIED,
    /** Not answered correctly in time, or cancelled by a disable; a new challenge may be asked. */
    @JsonProperty("failed")
    FAILED
  }

  Verification {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(challenge, "challenge");
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(requestedAt, "requestedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** A new pending challenge, answerable for {@code window} from {@code now}. */
  static Verification requested(String challenge, String eventId, Instant now, Duration window) {
    return new Verification(State.PENDING, challenge, eventId, now, now.plus(window), null);
  }

  boolean pending() {
    return state == State.PENDING;
  }

  boolean verified() {
    return state == State.VERIFIED;
  }

  /** Pending, and its window has ended at {@code now} (the end itself included). */
  boolean expiredAt(Instant now) {
    return pending() && !now.isBefore(expiresAt);
  }

  Verification verifiedAt(Instant at) {
    return new Verification(State.VERIFIED, challenge, eventId, requestedAt, expiresAt, at);
  }

  Verification failed() {
    return new Verification(State.FAILED, challenge, eventId, requestedAt, expiresAt, null);
  }
}
