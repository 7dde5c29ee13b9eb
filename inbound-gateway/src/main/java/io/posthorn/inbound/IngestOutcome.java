package io.posthorn.inbound;

import io.posthorn.inbound.verify.Verdict;
import java.util.UUID;

/**
 * What became of one request to {@code /in/{connectionId}}, and so its answer (mapped in exactly
 * one place, {@code IngestServer}). The {@link #tag()} is the {@code outcome} tag of the meters.
 */
public sealed interface IngestOutcome {
  /** Stored: its log row and its event committed together. 200. */
  record Accepted(UUID eventId, String eventType, String deliveryId) implements IngestOutcome {}

  /** The provider sent this delivery id before: nothing stored. 200. */
  record Duplicate(String deliveryId) implements IngestOutcome {}

  /**
   * A provider's handshake: Slack's {@code url_verification} (its {@code challenge} echoed) or a
   * GET/HEAD probe ({@code challenge} null). Nothing stored. 200.
   */
  record Handshake(String challenge) implements IngestOutcome {}

  /** No enabled connection has this id. 404. */
  record UnknownConnection() implements IngestOutcome {}

  /** The client address is outside the connection's allow-list. 403. */
  record Forbidden(String clientAddress) implements IngestOutcome {}

  /** The body is over {@code inbound.http.max-body-bytes}. 413. */
  record TooLarge(int limit) implements IngestOutcome {}

  /** Over the connection's rate. 429 with {@code Retry-After}. */
  record RateLimited(long retryAfterSeconds) implements IngestOutcome {}

  /** The provider's signature or timestamp is wrong or missing. 401; the reason only in the log. */
  record Unverified(Verdict.Refused refusal) implements IngestOutcome {}

  /** Verified, but not something the gateway can store (not a JSON object). 400. */
  record BadRequest(String detail) implements IngestOutcome {}

  /** Not POST (nor a GET/HEAD probe). 405. */
  record MethodNotAllowed(String method) implements IngestOutcome {}

  /** The database failed; the provider should send again. 503. */
  record Failed(String errorId) implements IngestOutcome {}

  /** The {@code outcome} tag: {@code accepted}, {@code duplicate}, {@code unverified}… */
  default String tag() {
    return switch (this) {
      case Accepted a -> "accepted";
      case Duplicate d -> "duplicate";
      case Handshake h -> "handshake";
      case UnknownConnection u -> "unknown_connection";
      case Forbidden f -> "forbidden";
      case TooLarge t -> "too_large";
      case RateLimited r -> "rate_limited";
      case Unverified u -> "unverified";
      case BadRequest b -> "bad_request";
      case MethodNotAllowed m -> "method_not_allowed";
      case Failed f -> "failed";
    };
  }

  /** The HTTP status this outcome is answered with. */
  default int status() {
    return switch (this) {
      case Accepted a -> 200;
      case Duplicate d -> 200;
      case Handshake h -> 200;
      case UnknownConnection u -> 404;
      case Forbidden f -> 403;
      case TooLarge t -> 413;
      case RateLimited r -> 429;
      case Unverified u -> 401;
      case BadRequest b -> 400;
      case MethodNotAllowed m -> 405;
      case Failed f -> 503;
    };
  }
}
