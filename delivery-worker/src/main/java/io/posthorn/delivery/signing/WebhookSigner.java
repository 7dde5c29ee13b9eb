package io.posthorn.delivery.signing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;

/**
 * Standard Webhooks {@code v1} signatures: base64 of HMAC-SHA256 over {@code
 * "{webhook-id}.{webhook-timestamp}.{body}"}, one per secret, space-separated, so a receiver
 * verifies with either secret while a rotated one overlaps. Thread-safe.
 */
public final class WebhookSigner {
  private WebhookSigner() {}

  /** The {@code webhook-signature} header value for these exact body bytes. */
  public static String sign(
      List<SigningSecret> secrets, String webhookId, long timestampSeconds, byte[] body) {
    if (secrets.isEmpty()) {
      throw new IllegalArgumentException(
          "at least one signing secret is needed to sign " + webhookId);
    }
    byte[] prefix = (webhookId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8);
    StringBuilder header = new StringBuilder(secrets.size() * 48);
    for (SigningSecret secret : secrets) {
      if (!header.isEmpty()) {
        header.append(' ');
      }
      header.append("v1,").append(Base64.getEncoder().encodeToString(hmac(secret, prefix, body)));
    }
    return header.toString();
  }

  private static byte[] hmac(SigningSecret secret, byte[] prefix, byte[] body) {
    Mac mac = secret.mac();
    mac.update(prefix);
    return mac.doFinal(body);
  }
}
