package io.posthorn.devstack;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Signing secrets in the clear for tests, in the Standard Webhooks form {@code whsec_<base64>}: the
 * endpoint is given the secret and the test's verifier checks signatures with the same text.
 */
public final class WebhookSecrets {
  private static final SecureRandom RANDOM = new SecureRandom();

  private WebhookSecrets() {}

  /** A fresh secret of 32 random bytes. */
  public static String generate() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return "whsec_" + Base64.getEncoder().encodeToString(key);
  }
}
