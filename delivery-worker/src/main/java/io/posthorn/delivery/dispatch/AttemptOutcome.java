package io.posthorn.delivery.dispatch;

import java.time.Duration;

/** How one HTTP delivery attempt ended. */
public sealed interface AttemptOutcome {
  /** Time from sending the request to the end of the response (or of the failure). */
  Duration duration();

  /** The HTTP status, or 0 when there was no answer. */
  int status();

  /**
   * What went wrong (failure class and message, status line, or refusal), {@code null} when
   * delivered.
   */
  String error();

  /** Up to the first 1 KiB of the response body; empty when there was none. */
  String responseSnippet();

  /**
   * The subscriber asked to stop receiving: {@code 410 Gone}, or a {@code webhook-delivery:
   * disable} response header. Recorded for the registry, which owns endpoint state; the worker does
   * not act on it.
   */
  boolean disableRequested();

  /**
   * {@code delivered}, {@code failed}, {@code aborted}, {@code gone} or {@code rejected}: the
   * attempt record's and meters' name.
   */
  default String kind() {
    return switch (this) {
      case Delivered d -> "delivered";
      case Retryable r -> "failed";
      case Aborted a -> "aborted";
      case Gone g -> "gone";
      case Rejected x -> "rejected";
    };
  }

  /** A 2xx answer. */
  record Delivered(int status, String responseSnippet, Duration duration, boolean disableRequested)
      implements AttemptOutcome {
    public Delivered(int status, String responseSnippet, Duration duration) {
      this(status, responseSnippet, duration, false);
    }

    @Override
    public String error() {
      return null;
    }
  }

  /**
   * Worth retrying: a non-2xx status other than 410 (redirects included, as they are not followed),
   * or no answer at all (timeout, refused, reset).
   *
   * @param retryAfter what {@code Retry-After} asked for on 429/503, or {@code null}
   */
  record Retryable(
      int status,
      String error,
      Duration retryAfter,
      String responseSnippet,
      Duration duration,
      boolean disableRequested)
      implements AttemptOutcome {
    public Retryable(
        int status, String error, Duration retryAfter, String responseSnippet, Duration duration) {
      this(status, error, retryAfter, responseSnippet, duration, false);
    }
  }

  /**
   * A non-2xx answer carrying {@code webhook-delivery: abort}: the subscriber asks not to retry
   * this delivery. It is dead-lettered at once.
   */
  record Aborted(int status, String responseSnippet, Duration duration, boolean disableRequested)
      implements AttemptOutcome {
    @Override
    public String error() {
      return "HTTP " + status + " with webhook-delivery: abort";
    }
  }

  /** {@code 410 Gone}: the subscriber asks to stop receiving; the registry acts on it. */
  record Gone(String responseSnippet, Duration duration) implements AttemptOutcome {
    @Override
    public int status() {
      return 410;
    }

    @Override
    public String error() {
      return "HTTP 410";
    }

    @Override
    public boolean disableRequested() {
      return true;
    }
  }

  /**
   * Not sent, by policy: the URL resolves only to addresses the endpoint may not reach (loopback,
   * private, link-local, metadata), or no signing secret is valid. No connection was opened.
   */
  record Rejected(String reason, Duration duration) implements AttemptOutcome {
    @Override
    public int status() {
      return 0;
    }

    @Override
    public String error() {
      return reason;
    }

    @Override
    public String responseSnippet() {
      return "";
    }

    @Override
    public boolean disableRequested() {
      return false;
    }
  }
}
