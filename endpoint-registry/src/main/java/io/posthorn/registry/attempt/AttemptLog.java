package io.posthorn.registry.attempt;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The attempt log as other parts of the registry read it: redelivery finds the attempts to send
 * again, housekeeping applies the retention. Thread-safe.
 */
public final class AttemptLog {
  /** Rows per delete and commit of the retention: small, so inserts never wait long. */
  static final int PURGE_BATCH = 1000;

  private final Jdbi jdbi;

  public AttemptLog(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** The newest attempt to deliver {@code eventId} to {@code endpointId}. */
  public Optional<Attempt> latest(String endpointId, String eventId) {
    return jdbi.withHandle(h -> AttemptTable.latest(h, endpointId, eventId));
  }

  /** Where a walk through the log stands: the last attempt seen, by start then row id. */
  public record Position(Instant startedAt, long id) {
    public static Position of(Attempt a) {
      return new Position(a.record().startedAt(), a.id());
    }
  }

  /**
   * Up to {@code limit} of the endpoint's final failures started in {@code [since, until)}, oldest
   * first, after {@code after} ({@code null}: from the start): for every event whose newest attempt
   * to the endpoint is final and failed, and that was never delivered to it, that attempt. Events
   * still on the retry ladder (newest attempt not final) are left out: their retry is pending.
   */
  public List<Attempt> finalFailures(
      String endpointId, Instant since, Instant until, Position after, int limit) {
    return jdbi.withHandle(
        h -> AttemptTable.finalFailures(h, endpointId, since, until, after, limit));
  }

  /** How many attempts {@link #finalFailures} walks through from the start. */
  public long countFinalFailures(String endpointId, Instant since, Instant until) {
    return jdbi.withHandle(h -> AttemptTable.countFinalFailures(h, endpointId, since, until));
  }

  /**
   * Deletes attempts that started before {@code cutoff}, {@value #PURGE_BATCH} per transaction;
   * returns how many.
   */
  public long purge(Instant cutoff) {
    long deleted = 0;
    int batch;
    do {
      batch = jdbi.inTransaction(h -> AttemptTable.purgeBatch(h, cutoff, PURGE_BATCH));
      deleted += batch;
    } while (batch == PURGE_BATCH);
    return deleted;
  }
}
