package io.posthorn.registry.attempt;

import io.posthorn.schema.attempt.AttemptRecord;
import java.util.Set;

/**
 * One delivery attempt as the attempt log keeps it: the record a worker reported on {@code
 * posthorn.attempts} ({@link AttemptRecord}, docs/delivery.md) and the log's row id.
 *
 * @param id the log's row id (0 before it is stored); orders attempts that started together
 */
public record Attempt(long id, AttemptRecord record) {

  /** The outcomes a worker reports; every one but {@code delivered} is a failure. */
  public static final Set<String> OUTCOMES = AttemptRecord.OUTCOMES;

  /** A record as a worker reported it, before the log stored it. */
  static Attempt reported(AttemptRecord r) {
    return new Attempt(0, r);
  }

  public boolean delivered() {
    return record.outcome().equals("delivered");
  }
}
