package io.posthorn.registry.endpoint;

import io.posthorn.schema.attempt.AttemptRecord;
import io.posthorn.schema.endpoint.EndpointDocument;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.BiConsumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends verification handshakes (decision 0046): enables an endpoint whose challenge was answered
 * correctly ({@link ChallengeAnswer}), judged from the attempts the attempt log just stored, and
 * fails one whose window ended without it (a housekeeping chore). Either goes through {@link
 * EndpointChanges#setEnabled(Handle, EndpointRow, boolean, String)} under the endpoint's row lock,
 * so the feed row reaches the workers in the same transaction and concurrent checks act once. Each
 * end is reported to {@code ended} with the endpoint id and {@code verified} or {@code expired}.
 * Thread-safe.
 */
public final class Verifications {
  private static final Logger log = LoggerFactory.getLogger(Verifications.class);

  private final Jdbi jdbi;
  private final EndpointChanges changes;
  private final Clock clock;
  private final BiConsumer<String, String> ended;

  public Verifications(
      Jdbi jdbi, EndpointChanges changes, Clock clock, BiConsumer<String, String> ended) {
    this.jdbi = jdbi;
    this.changes = changes;
    this.clock = clock;
    this.ended = ended;
  }

  /** Judges the pings among these stored attempts; a correct answer enables its endpoint. */
  public void check(List<AttemptRecord> attempts) {
    attempts.stream()
        .filter(a -> a.eventType().equals(EndpointDocument.VERIFICATION_EVENT_TYPE))
        .forEach(this::judge);
  }

  private void judge(AttemptRecord attempt) {
    jdbi.useTransaction(
        h ->
            Endpoints.find(h, attempt.endpointId(), null)
                .filter(row -> !row.enabled())
                .ifPresent(
                    row -> {
                      switch (ChallengeAnswer.judge(row.verification(), attempt, clock.instant())) {
                        case ChallengeAnswer.Correct c -> {
                          changes.setEnabled(
                              h,
                              row.withVerification(row.verification().verifiedAt(clock.instant())),
                              true,
                              null);
                          log.info("endpoint {} answered its verification challenge", row.id());
                          ended.accept(row.id(), "verified");
                        }
                        case ChallengeAnswer.Wrong w ->
                            log.info(
                                "endpoint {}: attempt {} of its verification challenge does not"
                                    + " verify it: {}",
                                row.id(),
                                attempt.attempt(),
                                w.why());
                        case ChallengeAnswer.Unrelated u -> {}
                      }
                    }));
  }

  /** Fails every pending verification whose window has ended; the endpoint stays disabled. */
  public void expire() {
    List<String> pending =
        jdbi.withHandle(
            h ->
                h.createQuery(
                        "SELECT id FROM posthorn_registry.endpoints"
                            + " WHERE verification ->> 'state' = 'pending' ORDER BY id")
                    .mapTo(String.class)
                    .list());
    pending.forEach(this::expireIfDue);
  }

  private void expireIfDue(String id) {
    Instant now = clock.instant();
    jdbi.useTransaction(
        h ->
            Endpoints.find(h, id, null)
                .filter(row -> row.verificationPending() && row.verification().expiredAt(now))
                .ifPresent(
                    row -> {
                      changes.setEnabled(
                          h,
                          row,
                          false,
                          "not verified: the challenge sent at "
                              + row.verification().requestedAt()
                              + " was not answered correctly by "
                              + row.verification().expiresAt()
                              + "; POST /v1/endpoints/"
                              + id
                              + "/verify sends a new one");
                      log.warn("endpoint {}: its verification challenge expired unanswered", id);
                      ended.accept(id, "expired");
                    }));
  }
}
