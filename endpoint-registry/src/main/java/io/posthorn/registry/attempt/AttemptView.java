package io.posthorn.registry.attempt;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.posthorn.schema.attempt.AttemptRecord;
import java.time.Instant;

/** One attempt as the API shows it ({@code Attempt} in openapi.yaml). */
record AttemptView(
    String eventId,
    String eventType,
    String endpointId,
    String tenantId,
    int attempt,
    Instant startedAt,
    long durationMs,
    String outcome,
    int status,
    String error,
    String responseSnippet,
    boolean disableRequested,
    @JsonProperty("final") boolean finalAttempt) {

  static AttemptView of(Attempt attempt) {
    AttemptRecord a = attempt.record();
    return new AttemptView(
        a.eventId(),
        a.eventType(),
        a.endpointId(),
        a.tenantId(),
        a.attempt(),
        a.startedAt(),
        a.duration().toMillis(),
        a.outcome(),
        a.status(),
        a.error(),
        a.responseSnippet(),
        a.disableRequested(),
        a.finalAttempt());
  }
}
