package io.posthorn.registry.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.posthorn.schema.attempt.AttemptRecord;
import java.io.IOException;

/**
 * Judges one logged attempt against an endpoint's verification (decision 0046). Only an attempt to
 * deliver the challenge's own event counts, while the challenge is pending and not expired; it
 * answers correctly when it was delivered ({@code 2xx}) and the response body is the challenge: the
 * text itself (surrounding whitespace ignored) or a JSON object whose {@code challenge} field is
 * it. A {@code 2xx} alone is not enough: any catch-all server answers that, so it proves nothing
 * about who wants the events. An echo server that returns the whole request does not pass either.
 */
final class ChallengeAnswer {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ChallengeAnswer() {}

  /** What an attempt means for a verification. */
  sealed interface Judgement permits Correct, Wrong, Unrelated {}

  /** The endpoint answered its pending challenge correctly. */
  record Correct() implements Judgement {}

  /**
   * An answer to the pending challenge that does not verify it; {@code why} says what was wrong.
   */
  record Wrong(String why) implements Judgement {}

  /** Not an answer to a pending challenge (another event, or nothing pending, or expired). */
  record Unrelated() implements Judgement {}

  static Judgement judge(Verification v, AttemptRecord a, java.time.Instant now) {
    if (v == null || !v.pending() || v.expiredAt(now) || !v.eventId().equals(a.eventId())) {
      return new Unrelated();
    }
    if (!a.outcome().equals("delivered")) {
      return new Wrong(
          a.status() == 0 ? "no answer: " + a.error() : "it answered HTTP " + a.status());
    }
    return echoes(a.responseSnippet(), v.challenge())
        ? new Correct()
        : new Wrong("it answered HTTP " + a.status() + " without echoing the challenge");
  }

  private static boolean echoes(String body, String challenge) {
    if (body == null) {
      return false;
    }
    String text = body.strip();
    if (text.equals(challenge)) {
      return true;
    }
    if (!text.startsWith("{")) {
      return false;
    }
    try {
      JsonNode n = JSON.readTree(text);
      return n != null
          && n.isObject()
          && n.path("challenge").isTextual()
          && n.path("challenge").asText().equals(challenge);
    } catch (IOException e) {
      return false;
    }
  }
}
