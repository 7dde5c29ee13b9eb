package io.posthorn.inbound;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.UUID;

/**
 * The JSON body of every answer of the ingest server: a {@code status} word and, where it applies,
 * the stored event's id, the body limit, an error id, Slack's challenge or what is wrong with the
 * body. Never why a signature failed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Answer(
    String status,
    UUID eventId,
    Integer limitBytes,
    String errorId,
    String challenge,
    String detail) {
  private static final ObjectMapper JSON = new ObjectMapper();

  static Answer of(String status) {
    return new Answer(status, null, null, null, null, null);
  }

  Answer withEventId(UUID id) {
    return new Answer(status, id, limitBytes, errorId, challenge, detail);
  }

  Answer withLimitBytes(int limit) {
    return new Answer(status, eventId, limit, errorId, challenge, detail);
  }

  Answer withErrorId(String id) {
    return new Answer(status, eventId, limitBytes, id, challenge, detail);
  }

  Answer withChallenge(String text) {
    return new Answer(status, eventId, limitBytes, errorId, text, detail);
  }

  Answer withDetail(String text) {
    return new Answer(status, eventId, limitBytes, errorId, challenge, text);
  }

  static byte[] write(Answer a) {
    try {
      return JSON.writeValueAsBytes(a);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an answer always serialises", e);
    }
  }
}
