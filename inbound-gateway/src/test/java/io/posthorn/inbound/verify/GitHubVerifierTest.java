package io.posthorn.inbound.verify;

import static io.posthorn.inbound.verify.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** GitHub's published test values ("Validating webhook deliveries": secret, payload, signature). */
class GitHubVerifierTest {
  private static final String SECRET = "It's a Secret to Everybody";
  private static final String SIGNATURE =
      "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

  private final GitHubVerifier verifier = new GitHubVerifier(SECRET);

  @Test
  void acceptsGitHubsPublishedExample_withTheDeliveryId() {
    Verdict verdict =
        verifier.verify(
            request(
                "Hello, World!",
                "X-Hub-Signature-256",
                SIGNATURE,
                "X-GitHub-Delivery",
                "72d3162e-cc78-11e3-81ab-4c9367dc0958"));

    assertThat(verdict).isEqualTo(new Verdict.Verified("72d3162e-cc78-11e3-81ab-4c9367dc0958"));
  }

  @Test
  void refusesATamperedBody() {
    assertThat(verifier.verify(request("Hello, World?", "x-hub-signature-256", SIGNATURE)))
        .isEqualTo(Verdict.badSignature("X-Hub-Signature-256"));
  }

  @Test
  void refusesAWrongSecret() {
    assertThat(
            new GitHubVerifier("another secret")
                .verify(request("Hello, World!", "X-Hub-Signature-256", SIGNATURE)))
        .isInstanceOfSatisfying(
            Verdict.Refused.class,
            r -> assertThat(r.reason()).isEqualTo(Verdict.Reason.BAD_SIGNATURE));
  }

  @Test
  void refusesAMissingOrUnprefixedHeader() {
    assertThat(verifier.verify(request("Hello, World!")))
        .extracting(v -> ((Verdict.Refused) v).reason())
        .isEqualTo(Verdict.Reason.MISSING_HEADER);
    assertThat(
            verifier.verify(
                request("Hello, World!", "X-Hub-Signature-256", SIGNATURE.substring(7))))
        .extracting(v -> ((Verdict.Refused) v).reason())
        .isEqualTo(Verdict.Reason.MALFORMED_HEADER);
  }
}
