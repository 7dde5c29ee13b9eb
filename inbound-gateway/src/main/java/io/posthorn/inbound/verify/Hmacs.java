package io.posthorn.inbound.verify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC over parts of signed content, and the one constant-time comparison every verifier uses. */
final class Hmacs {
  private Hmacs() {}

  /**
   * HMAC with {@code algorithm} ({@code HmacSHA256}, {@code HmacSHA512}) over the parts in order.
   */
  static byte[] mac(String algorithm, byte[] key, byte[]... parts) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(key, algorithm));
      for (byte[] part : parts) {
        mac.update(part);
      }
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm + " is required of every JRE", e);
    }
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Compares in time that depends only on the lengths, never on where the bytes differ. */
  static boolean same(byte[] expected, byte[] given) {
    return MessageDigest.isEqual(expected, given);
  }

  /** {@link #same} over the ASCII text of two encoded signatures. */
  static boolean same(String expected, String given) {
    return MessageDigest.isEqual(utf8(expected), utf8(given));
  }
}
