package io.posthorn.inbound.verify;

import static io.posthorn.inbound.verify.Requests.SIGNED_AT;
import static io.posthorn.inbound.verify.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.standardwebhooks.Webhook;
import io.posthorn.devstack.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Signatures made by the Standard Webhooks reference library, independent of this code. */
class StandardWebhooksVerifierTest {
  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final String ID = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W";
  private static final String BODY = "{\"type\":\"invoice.paid\",\"data\":{\"id\":\"in_1\"}}";

  private final ManualClock clock = new ManualClock(SIGNED_AT);
  private final StandardWebhooksVerifier verifier =
      new StandardWebhooksVerifier(SECRET, clock, Duration.ofMinutes(5));

  private static String sign(String secret, String body) throws Exception {
    return new Webhook(secret).sign(ID, SIGNED_AT.getEpochSecond(), body);
  }

  private Verdict send(String family, String body, String signature) {
    return verifier.verify(
        request(
            body,
            family + "-id",
            ID,
            family + "-timestamp",
            Long.toString(SIGNED_AT.getEpochSecond()),
            family + "-signature",
            signature));
  }

  @Test
  void acceptsTheReferenceLibrarysSignature_underWebhookAndSvixHeaders() throws Exception {
    String signature = sign(SECRET, BODY);

    assertThat(send("webhook", BODY, signature)).isEqualTo(new Verdict.Verified(ID));
    assertThat(send("svix", BODY, signature)).isEqualTo(new Verdict.Verified(ID));
  }

  @Test
  void acceptsWhenOneOfSeveralSignaturesMatches() throws Exception {
    String other = sign("whsec_" + "QUJDREVGR0hJSktMTU5PUFFSU1RVVldY", BODY);

    assertThat(send("webhook", BODY, other + " " + sign(SECRET, BODY)))
        .isInstanceOf(Verdict.Verified.class);
  }

  @Test
  void refusesATamperedBody_andAWrongSecret() throws Exception {
    assertThat(send("webhook", BODY + " ", sign(SECRET, BODY)))
        .isEqualTo(Verdict.badSignature("webhook-signature"));
    assertThat(send("webhook", BODY, sign("whsec_QUJDREVGR0hJSktMTU5PUFFSU1RVVldY", BODY)))
        .isEqualTo(Verdict.badSignature("webhook-signature"));
  }

  @Test
  void refusesAStaleTimestamp() throws Exception {
    String signature = sign(SECRET, BODY);
    clock.advance(Duration.ofMinutes(5).plusSeconds(1));

    assertThat(send("webhook", BODY, signature))
        .extracting(v -> ((Verdict.Refused) v).reason())
        .isEqualTo(Verdict.Reason.STALE_TIMESTAMP);
  }

  @Test
  void refusesMissingHeaders() {
    assertThat(verifier.verify(request(BODY))).isEqualTo(Verdict.missing("webhook-id"));
    assertThat(verifier.verify(request(BODY, "webhook-id", ID)))
        .isEqualTo(Verdict.missing("webhook-timestamp"));
  }
}
