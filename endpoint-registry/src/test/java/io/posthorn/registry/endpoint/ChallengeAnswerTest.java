package io.posthorn.registry.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.posthorn.registry.endpoint.ChallengeAnswer.Correct;
import io.posthorn.registry.endpoint.ChallengeAnswer.Unrelated;
import io.posthorn.registry.endpoint.ChallengeAnswer.Wrong;
import io.posthorn.schema.attempt.AttemptRecord;
import io.posthorn.schema.task.DeliveryTask;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ChallengeAnswerTest {
  private static final Instant ASKED = Instant.parse("2026-12-07T10:00:00Z");
  private static final String CHALLENGE = "c_0123456789abcdef0123456789abcdef";
  private static final String EVENT = "7d1f6c52-58a4-4f0e-9d7c-0b7a1e0c2f11";
  private static final Verification PENDING =
      Verification.requested(CHALLENGE, EVENT, ASKED, Duration.ofHours(1));
  private static final Instant NOW = ASKED.plusSeconds(5);

  private static AttemptRecord answer(String eventId, String outcome, int status, String body) {
    return new AttemptRecord(
        eventId,
        "posthorn.ping",
        "ep_1",
        null,
        1,
        NOW,
        Duration.ofMillis(12),
        outcome,
        status,
        outcome.equals("delivered") ? null : "HTTP " + status,
        body,
        false,
        new DeliveryTask.Origin("posthorn.redeliveries", -1, -1),
        true);
  }

  @Test
  void aTwoHundredWhoseBodyIsTheChallengeVerifies_asTextOrAsJson() {
    assertThat(ChallengeAnswer.judge(PENDING, answer(EVENT, "delivered", 200, CHALLENGE), NOW))
        .isInstanceOf(Correct.class);
    assertThat(
            ChallengeAnswer.judge(
                PENDING, answer(EVENT, "delivered", 204, "  " + CHALLENGE + "\n"), NOW))
        .isInstanceOf(Correct.class);
    assertThat(
            ChallengeAnswer.judge(
                PENDING,
                answer(EVENT, "delivered", 200, "{\"challenge\":\"" + CHALLENGE + "\"}"),
                NOW))
        .isInstanceOf(Correct.class);
  }

  @Test
  void aTwoHundredWithoutTheChallengeIsWrong_soIsAnEchoOfTheWholeRequest() {
    assertThat(ChallengeAnswer.judge(PENDING, answer(EVENT, "delivered", 200, ""), NOW))
        .isEqualTo(new Wrong("it answered HTTP 200 without echoing the challenge"));
    assertThat(
            ChallengeAnswer.judge(
                PENDING,
                answer(
                    EVENT,
                    "delivered",
                    200,
                    "{\"json\":{\"payload\":{\"challenge\":\"" + CHALLENGE + "\"}}}"),
                NOW))
        .isInstanceOf(Wrong.class);
    assertThat(
            ChallengeAnswer.judge(
                PENDING, answer(EVENT, "delivered", 200, "{\"challenge\":\"c_other\"}"), NOW))
        .isInstanceOf(Wrong.class);
    assertThat(ChallengeAnswer.judge(PENDING, answer(EVENT, "delivered", 200, "{not json"), NOW))
        .isInstanceOf(Wrong.class);
  }

  @Test
  void aFailedAttemptIsWrongEvenWhenItsBodyEchoes() {
    assertThat(ChallengeAnswer.judge(PENDING, answer(EVENT, "failed", 500, CHALLENGE), NOW))
        .isEqualTo(new Wrong("it answered HTTP 500"));
  }

  @Test
  void onlyTheChallengesOwnEventWhilePendingAndInTimeCounts() {
    AttemptRecord right = answer(EVENT, "delivered", 200, CHALLENGE);

    assertThat(
            ChallengeAnswer.judge(
                PENDING,
                answer("0c9a3a55-1111-4c6e-8f00-3b2f0d6f9e21", "delivered", 200, CHALLENGE),
                NOW))
        .isInstanceOf(Unrelated.class);
    assertThat(ChallengeAnswer.judge(null, right, NOW)).isInstanceOf(Unrelated.class);
    assertThat(ChallengeAnswer.judge(PENDING.failed(), right, NOW)).isInstanceOf(Unrelated.class);
    assertThat(ChallengeAnswer.judge(PENDING.verifiedAt(NOW), right, NOW))
        .isInstanceOf(Unrelated.class);
    assertThat(ChallengeAnswer.judge(PENDING, right, PENDING.expiresAt().minusMillis(1)))
        .isInstanceOf(Correct.class);
    assertThat(ChallengeAnswer.judge(PENDING, right, PENDING.expiresAt()))
        .as("the window's end is outside it")
        .isInstanceOf(Unrelated.class);
  }
}
