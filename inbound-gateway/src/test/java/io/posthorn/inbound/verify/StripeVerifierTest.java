package io.posthorn.inbound.verify;

import static io.posthorn.inbound.verify.Requests.SIGNED_AT;
import static io.posthorn.inbound.verify.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.posthorn.devstack.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Stripe's published scheme ("Verify the events that Stripe sends", manual verification): the
 * expected {@code v1} below was computed outside this code base, with {@code printf '%s'
 * '1767225600.<body>' | openssl dgst -sha256 -hmac whsec_test_secret_for_posthorn} (stripe-java,
 * whose {@code Webhook.Util} makes test headers, is not on the build's repository).
 */
class StripeVerifierTest {
  private static final String SECRET = "whsec_test_secret_for_posthorn";
  private static final String BODY =
      "{\"id\":\"evt_1NG8Du2eZvKYlo2CUI79vXWy\",\"object\":\"event\",\"type\":\"payment_intent.succeeded\"}";
  private static final String V1 =
      "664ad3945a86fb90e4afd0e4b1a4392deb510087a9d20db33685dc30e9221b63";
  private static final String WRONG_V1 =
      "0000000000000000000000000000000000000000000000000000000000000000";

  private final ManualClock clock = new ManualClock(SIGNED_AT.plusSeconds(30));
  private final StripeVerifier verifier = new StripeVerifier(SECRET, clock, Duration.ofMinutes(5));

  private Verdict send(String body, String header) {
    return verifier.verify(request(body, "Stripe-Signature", header));
  }

  @Test
  void acceptsASignedEvent_withTheEventIdAsDeliveryId() {
    assertThat(send(BODY, "t=1767225600,v1=" + V1))
        .isEqualTo(new Verdict.Verified("evt_1NG8Du2eZvKYlo2CUI79vXWy"));
  }

  @Test
  void acceptsWhenAnyOfSeveralV1SignaturesMatches_andIgnoresV0() {
    assertThat(send(BODY, "t=1767225600,v1=" + WRONG_V1 + ",v1=" + V1 + ",v0=" + WRONG_V1))
        .isInstanceOf(Verdict.Verified.class);
    assertThat(send(BODY, "t=1767225600,v0=" + V1))
        .isEqualTo(Verdict.malformed("Stripe-Signature"));
  }

  @Test
  void refusesATamperedBody_andAWrongSecret() {
    assertThat(send(BODY.replace("succeeded", "failed"), "t=1767225600,v1=" + V1))
        .isEqualTo(Verdict.badSignature("Stripe-Signature"));
    assertThat(
            new StripeVerifier("whsec_other", clock, Duration.ofMinutes(5))
                .verify(request(BODY, "Stripe-Signature", "t=1767225600,v1=" + V1)))
        .isEqualTo(Verdict.badSignature("Stripe-Signature"));
  }

  @Test
  void refusesATimestampPastTheTolerance_eitherWay() {
    clock.set(SIGNED_AT.plus(Duration.ofMinutes(5)).plusSeconds(1));
    assertThat(send(BODY, "t=1767225600,v1=" + V1))
        .extracting(v -> ((Verdict.Refused) v).reason())
        .isEqualTo(Verdict.Reason.STALE_TIMESTAMP);

    clock.set(SIGNED_AT.minus(Duration.ofMinutes(5)).minusSeconds(1));
    assertThat(send(BODY, "t=1767225600,v1=" + V1))
        .extracting(v -> ((Verdict.Refused) v).reason())
        .isEqualTo(Verdict.Reason.STALE_TIMESTAMP);
  }

  @Test
  void refusesAMissingHeader() {
    assertThat(verifier.verify(request(BODY))).isEqualTo(Verdict.missing("Stripe-Signature"));
  }
}
