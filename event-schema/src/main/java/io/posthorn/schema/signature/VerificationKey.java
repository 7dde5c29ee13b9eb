package io.posthorn.schema.signature;

import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An endpoint's signing secret as a receiver holds it to check signatures: {@code whsec_<base64>}
 * (Standard Webhooks), the key 24 to 64 bytes. Never printed.
 */
public final class VerificationKey {
  public static final String PREFIX = "whsec_";

  private final byte[] key;

  private VerificationKey(byte[] key) {
    this.key = key;
  }

  /**
   * Parses {@code whsec_<base64>}.
   *
   * @throws IllegalArgumentException (without echoing the secret) when malformed
   */
  public static VerificationKey parse(String secret) {
    if (secret == null || !secret.startsWith(PREFIX)) {
      throw new IllegalArgumentException("a signing secret must start with " + PREFIX);
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "a signing secret must be " + PREFIX + " followed by base64");
    }
    if (key.length < 24 || key.length > 64) {
      throw new IllegalArgumentException(
          "a signing secret's key must be 24 to 64 bytes, got " + key.length);
    }
    return new VerificationKey(key);
  }

  /** {@code v1,<base64 HMAC-SHA256 of id.timestamp.body>}, as a sender signs. */
  String v1(String webhookId, long timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update(
          (webhookId + "." + timestamp + ".").getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  @Override
  public String toString() {
    return "VerificationKey[whsec_…]";
  }
}
