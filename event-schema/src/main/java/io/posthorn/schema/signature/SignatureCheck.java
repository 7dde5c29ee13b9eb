package io.posthorn.schema.signature;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Judges a captured webhook request the way a Standard Webhooks receiver must, and when it fails
 * says why. A signature that does not match the body as given is tried again against the body with
 * common in-transit changes undone ({@link BodyRepairs}); only when none of them matches is the
 * secret blamed. Pure and thread-safe. {@code posthorn verify}, {@code posthorn listen} and the
 * subscriber portal's verify page all judge with it.
 */
public final class SignatureCheck {
  /** The Standard Webhooks libraries' default. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

  private SignatureCheck() {}

  /**
   * @param timestamp the {@code webhook-timestamp} header, unix seconds
   * @param signatureHeader the {@code webhook-signature} header: space-separated {@code
   *     v1,<base64>}
   */
  public static Verdict check(
      VerificationKey secret,
      String webhookId,
      long timestamp,
      String signatureHeader,
      byte[] body,
      Instant now,
      Duration tolerance) {
    List<byte[]> signatures = v1Signatures(signatureHeader);
    if (signatures.isEmpty()) {
      return new Verdict.NoSignature(signatureHeader);
    }
    Duration age = Duration.between(Instant.ofEpochSecond(timestamp), now);
    boolean fresh = age.abs().compareTo(tolerance) <= 0;
    int matched = matching(secret, webhookId, timestamp, body, signatures);
    if (matched > 0) {
      return fresh ? new Verdict.Genuine(matched) : new Verdict.TimestampSkew(age, tolerance);
    }
    Optional<String> bodyId = BodyRepairs.envelopeId(body);
    if (bodyId.isPresent() && !bodyId.get().equals(webhookId)) {
      return new Verdict.OtherEvent(bodyId.get(), webhookId);
    }
    for (Map.Entry<String, byte[]> repair : BodyRepairs.candidates(body).entrySet()) {
      if (matching(secret, webhookId, timestamp, repair.getValue(), signatures) > 0) {
        return new Verdict.BodyChanged(repair.getKey());
      }
    }
    return new Verdict.WrongSecret(
        signatures.size(),
        fresh
            ? ""
            : ". Also, the timestamp is "
                + Verdict.describe(age.abs())
                + " off, beyond the tolerance");
  }

  /** 1-based index of the first signature that matches, 0 for none; compared in constant time. */
  private static int matching(
      VerificationKey secret,
      String webhookId,
      long timestamp,
      byte[] body,
      List<byte[]> signatures) {
    byte[] expected = ascii(secret.v1(webhookId, timestamp, body));
    int found = 0;
    for (int i = 0; i < signatures.size(); i++) {
      if (MessageDigest.isEqual(expected, signatures.get(i)) && found == 0) {
        found = i + 1;
      }
    }
    return found;
  }

  private static List<byte[]> v1Signatures(String header) {
    return Arrays.stream(header.strip().split(" +"))
        .filter(s -> s.startsWith("v1,") && s.length() > 3)
        .map(SignatureCheck::ascii)
        .toList();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
