package io.posthorn.inbound.verify;

import java.util.HexFormat;

/**
 * GitHub: {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>}, keyed with the webhook
 * secret's UTF-8 bytes; delivery id {@code X-GitHub-Delivery}. GitHub signs no timestamp, so
 * replays are caught only by the delivery id.
 */
final class GitHubVerifier implements Verifier {
  static final String SIGNATURE = "X-Hub-Signature-256";
  static final String DELIVERY = "X-GitHub-Delivery";
  private static final String PREFIX = "sha256=";

  private final byte[] key;

  GitHubVerifier(String secret) {
    this.key = Hmacs.utf8(secret);
  }

  @Override
  public Verdict verify(InboundRequest request) {
    return verifyPrefixedHex(
        request, SIGNATURE, PREFIX, key, request.header(DELIVERY).orElse(null));
  }

  /** Shared with Jira, which signs the same way under another header name. */
  static Verdict verifyPrefixedHex(
      InboundRequest request, String header, String prefix, byte[] key, String deliveryId) {
    String given = request.header(header).orElse(null);
    if (given == null) {
      return Verdict.missing(header);
    }
    if (!given.startsWith(prefix)) {
      return Verdict.malformed(header);
    }
    String expected = HexFormat.of().formatHex(Hmacs.mac("HmacSHA256", key, request.body()));
    return Hmacs.same(
            expected, given.substring(prefix.length()).strip().toLowerCase(java.util.Locale.ROOT))
        ? new Verdict.Verified(deliveryId)
        : Verdict.badSignature(header);
  }
}
