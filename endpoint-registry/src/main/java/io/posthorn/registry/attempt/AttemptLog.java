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

  /** For every event attempted since {@code since} and never delivered to the endpoint: its newest attempt. */
  public List<Attempt> failedSince(String endpointId, Instant since) {
    return jdbi.withHandle(h -> AttemptTable.failedSince(h, endpointId, since));
  }

  /** Deletes attempts that started before {@code cutoff}, {@value #PURGE_BATCH} per transaction; returns how many. */
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
