package io.posthorn.delivery.dispatch;

import java.time.Duration;

/** How one HTTP delivery attempt ended. */
public sealed interface AttemptOutcome {
  /** Time from sending the request to the end of the response (or of the failure). */
  Duration duration();

  /** A 2xx answer. */
  record Delivered(int status, Duration duration) implements AttemptOutcome {}

  /**
   * Worth retrying: a non-2xx status other than 410 (redirects included, as they are not
   * followed), or no answer at all (timeout, refused, reset).
   *
   * @param status the HTTP status, or 0 when there was no answer
   * @param error the failure's class and message, or the status line
   * @param retryAfter what {@code Retry-After} asked for on 429/503, or {@code null}
   * @param responseSnippet up to the first 1 KiB of the response body, for the attempt record
   */
  record Retryable(int status, String error, Duration retryAfter, String responseSnippet, Duration duration)
      implements AttemptOutcome {}

  /** {@code 410 Gone}: the subscriber asks to stop receiving; the registry acts on it. */
  record Gone(Duration duration) implements AttemptOutcome {}
}
