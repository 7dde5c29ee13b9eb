package io.posthorn.inbound.verify;

/**
 * Jira Cloud webhooks registered with a secret: {@code X-Hub-Signature: sha256=<hex HMAC-SHA256 of
 * the body>} (WebSub's {@code method=signature} form); delivery id {@code
 * X-Atlassian-Webhook-Identifier}. No timestamp is signed.
 */
final class JiraVerifier implements Verifier {
  static final String SIGNATURE = "X-Hub-Signature";
  static final String DELIVERY = "X-Atlassian-Webhook-Identifier";

  private final byte[] key;

  JiraVerifier(String secret) {
    this.key = Hmacs.utf8(secret);
  }

  @Override
  public Verdict verify(InboundRequest request) {
    return GitHubVerifier.verifyPrefixedHex(
        request, SIGNATURE, "sha256=", key, request.header(DELIVERY).orElse(null));
  }
}
