package io.posthorn.inbound.verify;

import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Slack: {@code X-Slack-Signature: v0=<hex HMAC-SHA256 of "v0:<timestamp>:<body>">} keyed with the
 * signing secret, the timestamp in {@code X-Slack-Request-Timestamp} (within the tolerance).
 * Delivery id: the Events API's {@code event_id} in the body, when it has one.
 */
final class SlackVerifier implements Verifier {
  static final String SIGNATURE = "X-Slack-Signature";
  static final String TIMESTAMP = "X-Slack-Request-Timestamp";

  private final byte[] key;
  private final Clock clock;
  private final Duration tolerance;

  SlackVerifier(String secret, Clock clock, Duration tolerance) {
    this.key = Hmacs.utf8(secret);
    this.clock = clock;
    this.tolerance = tolerance;
  }

  @Override
  public Verdict verify(InboundRequest request) {
    String timestamp = request.header(TIMESTAMP).orElse(null);
    String given = request.header(SIGNATURE).orElse(null);
    if (timestamp == null) {
      return Verdict.missing(TIMESTAMP);
    }
    if (given == null) {
      return Verdict.missing(SIGNATURE);
    }
    if (!given.startsWith("v0=")) {
      return Verdict.malformed(SIGNATURE);
    }
    Optional<Verdict.Refused> stale = SignedTime.judge(TIMESTAMP, timestamp, clock, tolerance);
    if (stale.isPresent()) {
      return stale.get();
    }
    byte[] mac = Hmacs.mac("HmacSHA256", key, Hmacs.utf8("v0:" + timestamp + ":"), request.body());
    return Hmacs.same("v0=" + HexFormat.of().formatHex(mac), given.strip())
        ? new Verdict.Verified(BodyField.text(request.body(), "event_id"))
        : Verdict.badSignature(SIGNATURE);
  }
}
