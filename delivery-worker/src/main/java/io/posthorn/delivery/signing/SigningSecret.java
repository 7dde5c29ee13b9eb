package io.posthorn.delivery.signing;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An endpoint's signing secret, {@code whsec_<base64>} as Standard Webhooks defines it. The HMAC
 * key is the base64-decoded part after the prefix. {@link #toString()} never shows the secret.
 */
public final class SigningSecret {
  public static final String PREFIX = "whsec_";
  static final String ALGORITHM = "HmacSHA256";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] key;

  /**
   * Keyed once; each signature works on a clone (Mac is not thread-safe, lookup and init are not
   * free).
   */
  private final Mac prototype;

  private SigningSecret(byte[] key) {
    this.key = key;
    try {
      this.prototype = Mac.getInstance(ALGORITHM);
      prototype.init(new SecretKeySpec(key, ALGORITHM));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(ALGORITHM + " is required of every JRE", e);
    }
  }

  /**
   * Parses {@code whsec_<base64>}.
   *
   * @throws IllegalArgumentException (without echoing the secret) when malformed
   */
  public static SigningSecret parse(String secret) {
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
    return new SigningSecret(key);
  }

  byte[] key() {
    return key;
  }

  /** A fresh HMAC-SHA256 keyed with this secret, for one signature. */
  Mac mac() {
    try {
      return (Mac) prototype.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException(
          ALGORITHM + " from " + prototype.getProvider() + " cannot be cloned", e);
    }
  }

  /** The {@code whsec_<base64>} form, for sealing; never log it. */
  String encoded() {
    return PREFIX + Base64.getEncoder().encodeToString(key);
  }

  /** A fresh secret of 32 random bytes. */
  public static SigningSecret generate() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return new SigningSecret(key);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SigningSecret other && Arrays.equals(key, other.key);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(key);
  }

  @Override
  public String toString() {
    return PREFIX + "***";
  }
}
