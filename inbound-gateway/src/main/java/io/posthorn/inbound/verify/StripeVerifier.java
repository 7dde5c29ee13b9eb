package io.posthorn.inbound.verify;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Stripe: {@code Stripe-Signature: t=<unix seconds>,v1=<hex>,v1=<hex>,v0=…}. Each {@code v1} is
 * HMAC-SHA256 of {@code "<t>.<body>"} keyed with the endpoint secret's UTF-8 bytes ({@code whsec_…}
 * as a whole); any one matching is enough (Stripe sends several while a secret rolls). {@code v0}
 * is ignored. The timestamp must be within the tolerance. Delivery id: the event's {@code id} in
 * the body.
 */
final class StripeVerifier implements Verifier {
  static final String SIGNATURE = "Stripe-Signature";

  private final byte[] key;
  private final Clock clock;
  private final Duration tolerance;

  StripeVerifier(String secret, Clock clock, Duration tolerance) {
    this.key = Hmacs.utf8(secret);
    this.clock = clock;
    this.tolerance = tolerance;
  }

  @Override
  public Verdict verify(InboundRequest request) {
    String header = request.header(SIGNATURE).orElse(null);
    if (header == null) {
      return Verdict.missing(SIGNATURE);
    }
    String timestamp = null;
    List<String> v1 = new ArrayList<>();
    for (String item : header.split(",")) {
      int eq = item.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String name = item.substring(0, eq).strip();
      String value = item.substring(eq + 1).strip();
      if (name.equals("t")) {
        timestamp = value;
      } else if (name.equals("v1")) {
        v1.add(value);
      }
    }
    if (timestamp == null || v1.isEmpty()) {
      return Verdict.malformed(SIGNATURE);
    }
    Optional<Verdict.Refused> stale = SignedTime.judge(SIGNATURE, timestamp, clock, tolerance);
    if (stale.isPresent()) {
      return stale.get();
    }
    String expected =
        HexFormat.of()
            .formatHex(Hmacs.mac("HmacSHA256", key, Hmacs.utf8(timestamp + "."), request.body()));
    boolean matched = false;
    for (String candidate : v1) {
      matched |= Hmacs.same(expected, candidate);
    }
    return matched
        ? new Verdict.Verified(BodyField.text(request.body(), "id"))
        : Verdict.badSignature(SIGNATURE);
  }
}
