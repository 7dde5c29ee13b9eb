package io.posthorn.inbound.verify;

import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * Standard Webhooks: {@code webhook-signature: v1,<base64> v1,<base64>…}, each HMAC-SHA256 of
 * {@code "<webhook-id>.<webhook-timestamp>.<body>"} keyed with the base64-decoded part of the
 * {@code whsec_…} secret; any one matching is enough. Svix sends the same under {@code svix-id},
 * {@code svix-timestamp}, {@code svix-signature}, which are read when the {@code webhook-*} ones
 * are absent. The timestamp must be within the tolerance; the delivery id is the message id.
 */
final class StandardWebhooksVerifier implements Verifier {
  private static final String SECRET_PREFIX = "whsec_";

  private final byte[] key;
  private final Clock clock;
  private final Duration tolerance;

  StandardWebhooksVerifier(String secret, Clock clock, Duration tolerance) {
    String encoded =
        secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
    this.key = Base64.getDecoder().decode(encoded);
    this.clock = clock;
    this.tolerance = tolerance;
  }

  /**
   * Whether {@code secret} is a key this scheme can use: base64, optionally after {@code whsec_}.
   */
  static boolean validSecret(String secret) {
    String encoded =
        secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
    try {
      return Base64.getDecoder().decode(encoded).length >= 16;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  @Override
  public Verdict verify(InboundRequest request) {
    String family = request.header("webhook-id").isPresent() ? "webhook" : "svix";
    String idHeader = family + "-id";
    String timeHeader = family + "-timestamp";
    String signatureHeader = family + "-signature";
    String id = request.header(idHeader).orElse(null);
    String timestamp = request.header(timeHeader).orElse(null);
    String signatures = request.header(signatureHeader).orElse(null);
    if (id == null) {
      return Verdict.missing("webhook-id");
    }
    if (timestamp == null) {
      return Verdict.missing(timeHeader);
    }
    if (signatures == null) {
      return Verdict.missing(signatureHeader);
    }
    Optional<Verdict.Refused> stale = SignedTime.judge(timeHeader, timestamp, clock, tolerance);
    if (stale.isPresent()) {
      return stale.get();
    }
    String expected =
        Base64.getEncoder()
            .encodeToString(
                Hmacs.mac(
                    "HmacSHA256", key, Hmacs.utf8(id + "." + timestamp + "."), request.body()));
    boolean any = false;
    boolean matched = false;
    for (String entry : signatures.strip().split(" +")) {
      int comma = entry.indexOf(',');
      if (comma < 0 || !entry.substring(0, comma).equals("v1")) {
        continue;
      }
      any = true;
      matched |= Hmacs.same(expected, entry.substring(comma + 1));
    }
    if (!any) {
      return Verdict.malformed(signatureHeader);
    }
    return matched ? new Verdict.Verified(id) : Verdict.badSignature(signatureHeader);
  }
}
