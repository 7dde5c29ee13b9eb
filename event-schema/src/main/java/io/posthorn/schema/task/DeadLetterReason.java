package io.posthorn.schema.task;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Why a delivery was given up: a {@link Cause} people filter and alert on, and a detail for the
 * person reading one dead letter. On the wire (header {@code posthorn-dead-letter-reason}) it is
 * {@code <cause word>: <detail>}, e.g. {@code gone: the endpoint answered 410}; readers go through
 * {@link #parse} or {@link #causeOf}, never their own prefix matching.
 *
 * @param detail what happened, for people; may be empty, never null
 */
public record DeadLetterReason(Cause cause, String detail) {
  /** The kinds of giving up. {@link #word()} is the header's first word and the meters' tag. */
  public enum Cause {
    /** Every step of the retry ladder failed. */
    EXHAUSTED,
    /** The endpoint answered {@code 410 Gone}. */
    GONE,
    /** The endpoint answered non-2xx with {@code webhook-delivery: abort}. */
    ABORTED,
    /**
     * The worker would not send it: a refused address, no valid secret, a request it could not
     * build.
     */
    REJECTED,
    /** The endpoint was disabled while the delivery waited on a retry tier. */
    DISABLED,
    /** The endpoint was deleted while the delivery waited on a retry tier. */
    DELETED;

    /** Lower case: {@code exhausted}, {@code gone}, … */
    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The cause spelled as {@link #word()}, or empty. */
    public static Optional<Cause> ofWord(String word) {
      for (Cause c : values()) {
        if (c.word().equals(word)) {
          return Optional.of(c);
        }
      }
      return Optional.empty();
    }
  }

  public DeadLetterReason {
    Objects.requireNonNull(cause, "cause");
    detail = detail == null ? "" : detail.strip();
  }

  public static DeadLetterReason of(Cause cause, String detail) {
    return new DeadLetterReason(cause, detail);
  }

  /**
   * The header text: {@code gone: the endpoint answered 410}, or just the word without a detail.
   */
  public String header() {
    return detail.isEmpty() ? cause.word() : cause.word() + ": " + detail;
  }

  /** The cause a header text names, or empty when it names none (an older or foreign writer). */
  public static Optional<Cause> causeOf(String header) {
    if (header == null) {
      return Optional.empty();
    }
    int colon = header.indexOf(':');
    return Cause.ofWord((colon < 0 ? header : header.substring(0, colon)).strip());
  }

  /**
   * @throws IllegalArgumentException when the text names no known cause
   */
  public static DeadLetterReason parse(String header) {
    Cause cause =
        causeOf(header)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "dead-letter reason '" + header + "' does not start with a known cause"));
    int colon = header.indexOf(':');
    return new DeadLetterReason(cause, colon < 0 ? "" : header.substring(colon + 1));
  }

  @Override
  public String toString() {
    return header();
  }
}
