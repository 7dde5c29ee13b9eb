package io.posthorn.ops.dlq;

/** How a replay run ended. */
sealed interface ReplayOutcome {
  String replayId();

  /** Every record of the slice was read and decided; the replay is finished. */
  record Completed(String replayId, ReplayCounts counts) implements ReplayOutcome {}

  /** An earlier run finished this replay already: nothing was sent. */
  record AlreadyComplete(String replayId) implements ReplayOutcome {}

  /**
   * Stopped on request before the end; progress up to here is committed and the same id resumes it.
   */
  record Stopped(String replayId, ReplayCounts counts) implements ReplayOutcome {}

  /** Dry run: what a replay would send. Nothing was written. */
  record DryRun(String replayId, ReplayCounts counts) implements ReplayOutcome {}
}
