package io.posthorn.ops.dlq;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** What a replay does with one record of its slice: a pure function of the record and the plan. */
sealed interface ReplayDecision {
  /** Send it to the redeliveries topic. */
  record Replay(DeadLetter deadLetter) implements ReplayDecision {}

  /** The filter does not select it. */
  record NotSelected() implements ReplayDecision {}

  /**
   * It failed again after being replayed by this very replay: never replayed twice by one replay.
   */
  record OwnReplay() implements ReplayDecision {}

  /**
   * Loop guard: it was replayed {@code replays} times already, the plan's maximum, and force is
   * off.
   */
  record HeldBack(int replays) implements ReplayDecision {}

  /** It does not decode as a dead letter; it stays where it is. */
  record Malformed(String why) implements ReplayDecision {}

  static ReplayDecision of(ConsumerRecord<byte[], byte[]> record, ReplayPlan plan) {
    DeadLetter d;
    try {
      d = DeadLetter.decode(record);
    } catch (IllegalArgumentException e) {
      return new Malformed(e.getMessage());
    }
    if (!plan.filter().selects(d)) {
      return new NotSelected();
    }
    if (plan.replayId().equals(d.task().schedule().replayId())) {
      return new OwnReplay();
    }
    if (d.task().schedule().replays() >= plan.maxReplays() && !plan.force()) {
      return new HeldBack(d.task().schedule().replays());
    }
    return new Replay(d);
  }
}
