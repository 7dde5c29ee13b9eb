package io.posthorn.ops.dlq;

/**
 * Observes a replay run: the progress display implements it, tests may too. Called on the replay's
 * thread; implementations must return quickly.
 */
interface ReplayListener {
  /**
   * Once, before the first record: the plan, whether it resumes an earlier run, and the records to
   * read.
   */
  default void started(ReplayPlan plan, boolean resumed, long toScan) {}

  /** After each record. */
  default void progress(ReplayCounts counts) {}

  /** After each transaction commit: everything counted so far is durable. */
  default void committed(ReplayCounts counts) {}

  /** Once, at the end. */
  default void finished(ReplayOutcome outcome) {}
}
