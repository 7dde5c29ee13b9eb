package io.posthorn.schema.endpoint;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals endpoint signing secrets ({@code whsec_…} text) and custom header values (a subscriber's
 * credentials, such as an {@code Authorization} value) for storage and for the endpoints topic:
 * AES-256-GCM under the master key, with the endpoint id (and for a header, its name) as associated
 * data so a sealed value cannot be moved to another endpoint or header. Sealed form: {@code
 * v1.<base64url(12-byte nonce ‖ ciphertext ‖ 16-byte tag)>}, which the log masking knows ({@code
 * io.posthorn.schema.logging.LogMask}). The registry seals, the worker opens; both use this class.
 * Thread-safe.
 */
public final class SecretSeal {
  private static final String PREFIX = "v1.";
  private static final int NONCE = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKey key;

  private SecretSeal(SecretKey key) {
    this.key = key;
  }

  /**
   * @param masterKey base64 of exactly 32 bytes
   * @throws IllegalArgumentException (never echoing the key) when it is not that
   */
  public static SecretSeal fromBase64(String masterKey) {
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(masterKey == null ? "" : masterKey.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the master key must be base64");
    }
    if (raw.length != 32) {
      throw new IllegalArgumentException(
          "the master key must be 32 bytes (base64 of 32 random bytes), got " + raw.length);
    }
    return new SecretSeal(new SecretKeySpec(raw, "AES"));
  }

  /** A fresh random master key, base64: what {@code posthorn dev} generates. */
  public static String generateMasterKey() {
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    return Base64.getEncoder().encodeToString(raw);
  }

  /** Seals {@code secret} (the {@code whsec_…} text) for {@code endpointId}. */
  public String seal(String endpointId, String secret) {
    byte[] nonce = new byte[NONCE];
    RANDOM.nextBytes(nonce);
    byte[] plain = secret.getBytes(StandardCharsets.UTF_8);
    byte[] sealed = crypt(Cipher.ENCRYPT_MODE, endpointId, nonce, plain, 0, plain.length);
    byte[] out = Arrays.copyOf(nonce, NONCE + sealed.length);
    System.arraycopy(sealed, 0, out, NONCE, sealed.length);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
  }

  /**
   * The secret text sealed for {@code endpointId}.
   *
   * @throws IllegalArgumentException when the value is not sealed, was sealed under another key or
   *     for another endpoint, or was altered; the message never contains the secret
   */
  public String open(String endpointId, String sealed) {
    if (sealed == null || !sealed.startsWith(PREFIX)) {
      throw new IllegalArgumentException("a sealed secret must start with " + PREFIX);
    }
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(sealed.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "a sealed secret must be " + PREFIX + " followed by base64url");
    }
    if (raw.length <= NONCE + TAG_BITS / 8) {
      throw new IllegalArgumentException("a sealed secret is too short");
    }
    byte[] plain =
        crypt(
            Cipher.DECRYPT_MODE,
            endpointId,
            Arrays.copyOf(raw, NONCE),
            raw,
            NONCE,
            raw.length - NONCE);
    return new String(plain, StandardCharsets.UTF_8);
  }

  /** Seals the value of custom header {@code name} (any case) of {@code endpointId}. */
  public String sealHeader(String endpointId, String name, String value) {
    return seal(headerContext(endpointId, name), value);
  }

  /**
   * The value of custom header {@code name} (any case) of {@code endpointId}.
   *
   * @throws IllegalArgumentException like {@link #open}, also when it was sealed for another header
   */
  public String openHeader(String endpointId, String name, String sealed) {
    return open(headerContext(endpointId, name), sealed);
  }

  /** Seals an OAuth 2.0 client secret of {@code endpointId} (decision 0043). */
  public String sealClientSecret(String endpointId, String clientSecret) {
    return seal(endpointId + " oauth client-secret", clientSecret);
  }

  /**
   * The OAuth 2.0 client secret of {@code endpointId}.
   *
   * @throws IllegalArgumentException like {@link #open}, also when sealed as anything else
   */
  public String openClientSecret(String endpointId, String sealed) {
    return open(endpointId + " oauth client-secret", sealed);
  }

  /** Seals the PEM private key of {@code endpointId}'s TLS client certificate (decision 0044). */
  public String sealClientKey(String endpointId, String privateKeyPem) {
    return seal(endpointId + " tls client-key", privateKeyPem);
  }

  /**
   * The PEM private key of {@code endpointId}'s TLS client certificate.
   *
   * @throws IllegalArgumentException like {@link #open}, also when sealed as anything else
   */
  public String openClientKey(String endpointId, String sealed) {
    return open(endpointId + " tls client-key", sealed);
  }

  /**
   * Seals the verification secret of inbound connection {@code connectionId} (decision 0053): the
   * registry seals it, the inbound gateway opens it.
   */
  public String sealConnection(String connectionId, String secret) {
    return seal(connectionId + " connection secret", secret);
  }

  /**
   * The verification secret of inbound connection {@code connectionId}.
   *
   * @throws IllegalArgumentException like {@link #open}, also when sealed as anything else
   */
  public String openConnection(String connectionId, String sealed) {
    return open(connectionId + " connection secret", sealed);
  }

  /**
   * Ids and header names hold no spaces, so this never equals an endpoint id or another header's
   * context.
   */
  private static String headerContext(String endpointId, String name) {
    return endpointId + " header " + name.toLowerCase(Locale.ROOT);
  }

  private byte[] crypt(
      int mode, String endpointId, byte[] nonce, byte[] in, int offset, int length) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(endpointId.getBytes(StandardCharsets.UTF_8));
      return cipher.doFinal(in, offset, length);
    } catch (AEADBadTagException e) {
      throw new IllegalArgumentException(
          "a sealed secret does not open: sealed under another master key, for another endpoint, or altered");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/GCM is required of every JRE", e);
    }
  }

  @Override
  public String toString() {
    return "SecretSeal[***]";
  }
}
