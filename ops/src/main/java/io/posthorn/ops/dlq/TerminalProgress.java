package io.posthorn.ops.dlq;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Shows a replay's progress on stderr: a redrawn bar with counts, rate and ETA on a terminal, or a
 * plain line every few seconds when the output is a file or a pipe.
 */
final class TerminalProgress implements ReplayListener {
  private static final long BAR_EVERY = 200_000_000L;
  private static final long LINE_EVERY = 5_000_000_000L;
  private static final int WIDTH = 30;

  private final PrintWriter err;
  private final boolean terminal;
  private final boolean dryRun;
  private final LongSupplier nanoTime;
  private long startedAt;
  private long shownAt;
  private boolean drawn;

  TerminalProgress(PrintWriter err, boolean terminal, boolean dryRun, LongSupplier nanoTime) {
    this.err = err;
    this.terminal = terminal;
    this.dryRun = dryRun;
    this.nanoTime = nanoTime;
  }

  @Override
  public void started(ReplayPlan plan, boolean resumed, long toScan) {
    startedAt = nanoTime.getAsLong();
    shownAt = startedAt;
    err.println(
        (dryRun
                ? "dry run: "
                : resumed
                    ? "resuming replay " + plan.replayId() + ": "
                    : "replay " + plan.replayId() + ": ")
            + plan.filter().describe()
            + "; "
            + toScan
            + " dead letter(s) to read");
    err.flush();
  }

  @Override
  public void progress(ReplayCounts c) {
    long now = nanoTime.getAsLong();
    if (now - shownAt >= (terminal ? BAR_EVERY : LINE_EVERY)) {
      shownAt = now;
      show(c, now);
    }
  }

  @Override
  public void finished(ReplayOutcome outcome) {
    if (drawn) {
      err.println();
      err.flush();
    }
  }

  private void show(ReplayCounts c, long now) {
    double seconds = Math.max(1e-3, (now - startedAt) / 1e9);
    double perSecond = c.replayed() / seconds;
    long left = c.toScan() - c.scanned();
    String eta =
        c.scanned() == 0 ? "?" : format(Duration.ofSeconds((long) (left * seconds / c.scanned())));
    int percent = c.toScan() == 0 ? 100 : (int) (100 * c.scanned() / c.toScan());
    String counts =
        String.format(
            "%d/%d read, %d replayed, %d held back, %.1f/s, ETA %s",
            c.scanned(), c.toScan(), c.replayed(), c.heldBack(), perSecond, eta);
    if (terminal) {
      int filled = percent * WIDTH / 100;
      err.print(
          "\r["
              + "#".repeat(filled)
              + " ".repeat(WIDTH - filled)
              + "] "
              + percent
              + "% "
              + counts
              + "\u001b[K");
      drawn = true;
    } else {
      err.println("progress: " + percent + "% " + counts);
    }
    err.flush();
  }

  static String format(Duration d) {
    long s = d.toSeconds();
    return s >= 3600
        ? s / 3600 + "h" + s % 3600 / 60 + "m"
        : s >= 60 ? s / 60 + "m" + s % 60 + "s" : s + "s";
  }
}
