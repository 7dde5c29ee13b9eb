package io.posthorn.ops.dlq;

/**
 * Where a replay stands. {@code toScan} counts the records of the slice this run reads (after a
 * resume: what was left), {@code scanned} those read so far.
 */
record ReplayCounts(
    long toScan,
    long scanned,
    long replayed,
    long notSelected,
    long heldBack,
    long ownReplays,
    long malformed) {

  static ReplayCounts of(long toScan) {
    return new ReplayCounts(toScan, 0, 0, 0, 0, 0, 0);
  }

  ReplayCounts plus(ReplayDecision d) {
    return new ReplayCounts(
        toScan,
        scanned + 1,
        replayed + (d instanceof ReplayDecision.Replay ? 1 : 0),
        notSelected + (d instanceof ReplayDecision.NotSelected ? 1 : 0),
        heldBack + (d instanceof ReplayDecision.HeldBack ? 1 : 0),
        ownReplays + (d instanceof ReplayDecision.OwnReplay ? 1 : 0),
        malformed + (d instanceof ReplayDecision.Malformed ? 1 : 0));
  }

  /** One line: {@code 120 replayed, 3 held back by the loop guard, …}. */
  String summary() {
    StringBuilder s = new StringBuilder().append(replayed).append(" replayed");
    if (heldBack > 0) {
      s.append(", ")
          .append(heldBack)
          .append(" held back by the loop guard (replayed too often; --force)");
    }
    if (ownReplays > 0) {
      s.append(", ").append(ownReplays).append(" skipped (failed again within this replay)");
    }
    if (malformed > 0) {
      s.append(", ").append(malformed).append(" not decodable (left in place)");
    }
    return s.append(", ")
        .append(notSelected)
        .append(" not selected; ")
        .append(scanned)
        .append(" scanned")
        .toString();
  }
}
