package io.posthorn.inbound.verify;

import static io.posthorn.inbound.verify.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.posthorn.devstack.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Slack's worked example ("Verifying requests from Slack": signing secret, timestamp, body). */
class SlackVerifierTest {
  private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
  private static final Instant SENT = Instant.ofEpochSecond(1_531_420_618L);
  private static final String BODY =
      "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
          + "&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect"
          + "&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554"
          + "%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
  private static final String SIGNATURE =
      "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

  private final ManualClock clock = new ManualClock(SENT);
  private final SlackVerifier verifier = new SlackVerifier(SECRET, clock, Duration.ofMinutes(5));

  private Verdict send(String body, String timestamp) {
    return verifier.verify(
        request(body, "X-Slack-Request-Timestamp", timestamp, "X-Slack-Signature", SIGNATURE));
  }

  @Test
  void acceptsSlacksWorkedExample() {
    assertThat(send(BODY, "1531420618")).isEqualTo(new Verdict.Verified(null));
  }

  @Test
  void refusesATamperedBody_andAnotherTimestamp() {
    assertThat(send(BODY.replace("foobar", "foobaz"), "1531420618"))
        .isEqualTo(Verdict.badSignature("X-Slack-Signature"));
    assertThat(send(BODY, "1531420619")).isEqualTo(Verdict.badSignature("X-Slack-Signature"));
  }

  @Test
  void refusesAWrongSecret() {
    SlackVerifier other = new SlackVerifier("another", clock, Duration.ofMinutes(5));
    assertThat(
            other.verify(
                request(
                    BODY,
                    "X-Slack-Request-Timestamp",
                    "1531420618",
                    "X-Slack-Signature",
                    SIGNATURE)))
        .isEqualTo(Verdict.badSignature("X-Slack-Signature"));
  }

  @Test
  void acceptsAtTheTolerance_refusesOneSecondPast() {
    clock.set(SENT.plus(Duration.ofMinutes(5)));
    assertThat(send(BODY, "1531420618")).isInstanceOf(Verdict.Verified.class);

    clock.set(SENT.plus(Duration.ofMinutes(5)).plusSeconds(1));
    assertThat(send(BODY, "1531420618"))
        .extracting(v -> ((Verdict.Refused) v).reason())
        .isEqualTo(Verdict.Reason.STALE_TIMESTAMP);
  }

  @Test
  void readsTheEventIdOfAnEventsApiBody() {
    String body = "{\"type\":\"event_callback\",\"event_id\":\"Ev0PV52K21\"}";
    String sig =
        "v0="
            + java.util.HexFormat.of()
                .formatHex(
                    Hmacs.mac(
                        "HmacSHA256", Hmacs.utf8(SECRET), Hmacs.utf8("v0:1531420618:" + body)));

    Verdict verdict =
        verifier.verify(
            request(body, "X-Slack-Request-Timestamp", "1531420618", "X-Slack-Signature", sig));

    assertThat(verdict).isEqualTo(new Verdict.Verified("Ev0PV52K21"));
  }
}
