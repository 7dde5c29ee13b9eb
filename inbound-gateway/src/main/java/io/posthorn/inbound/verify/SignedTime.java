package io.posthorn.inbound.verify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** A signed Unix timestamp (seconds) judged against the clock and a tolerance, either way. */
final class SignedTime {
  private SignedTime() {}

  /** Empty when {@code seconds} is within {@code tolerance} of now, else the refusal. */
  static Optional<Verdict.Refused> judge(
      String header, String seconds, Clock clock, Duration tolerance) {
    long value;
    try {
      value = Long.parseLong(seconds.strip());
    } catch (NumberFormatException e) {
      return Optional.of(Verdict.malformed(header));
    }
    Duration off = Duration.between(Instant.ofEpochSecond(value), clock.instant()).abs();
    if (off.compareTo(tolerance) > 0) {
      return Optional.of(
          new Verdict.Refused(
              Verdict.Reason.STALE_TIMESTAMP,
              header
                  + " is "
                  + off.toSeconds()
                  + " s from now, over the tolerance of "
                  + tolerance.toSeconds()
                  + " s"));
    }
    return Optional.empty();
  }
}
