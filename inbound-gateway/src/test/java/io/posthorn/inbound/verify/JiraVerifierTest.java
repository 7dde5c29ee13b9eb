package io.posthorn.inbound.verify;

import static io.posthorn.inbound.verify.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Jira Cloud's admin webhooks with a secret: WebSub's {@code X-Hub-Signature: sha256=<hex>}. The
 * expected value was computed with {@code openssl dgst -sha256 -hmac jira-secret-0123456789}.
 */
class JiraVerifierTest {
  private static final String BODY =
      "{\"webhookEvent\":\"jira:issue_created\",\"issue\":{\"key\":\"SHOP-1\"}}";
  private static final String SIGNATURE =
      "sha256=06583a851c4372dda9d1dd6425f42581751332b0ba06f65d7cbce8c3f1a08e6a";

  private final JiraVerifier verifier = new JiraVerifier("jira-secret-0123456789");

  @Test
  void acceptsASignedRequest_withTheWebhookIdentifier() {
    assertThat(
            verifier.verify(
                request(
                    BODY,
                    "X-Hub-Signature",
                    SIGNATURE,
                    "X-Atlassian-Webhook-Identifier",
                    "1234567890")))
        .isEqualTo(new Verdict.Verified("1234567890"));
  }

  @Test
  void refusesATamperedBody_aWrongSecret_andAGitHubStyleHeader() {
    assertThat(
            verifier.verify(
                request(BODY.replace("SHOP-1", "SHOP-2"), "X-Hub-Signature", SIGNATURE)))
        .isEqualTo(Verdict.badSignature("X-Hub-Signature"));
    assertThat(new JiraVerifier("other").verify(request(BODY, "X-Hub-Signature", SIGNATURE)))
        .isEqualTo(Verdict.badSignature("X-Hub-Signature"));
    assertThat(verifier.verify(request(BODY, "X-Hub-Signature-256", SIGNATURE)))
        .isEqualTo(Verdict.missing("X-Hub-Signature"));
  }
}
