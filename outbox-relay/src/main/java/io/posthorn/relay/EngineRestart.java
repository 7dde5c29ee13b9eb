package io.posthorn.relay;

import java.time.Duration;
import java.util.List;

/** Why the active relay restarted its engine. */
public sealed interface EngineRestart {
  /** Every {@link #reason()}, for meters that exist before the first restart. */
  List<String> REASONS = List.of("stalled", "failed", "topic_missing");

  /** The metric tag value: {@code stalled}, {@code failed} or {@code topic_missing}. */
  String reason();

  /** The engine delivered nothing from the WAL, heartbeats included, for {@code silentFor}. */
  record Stalled(Duration silentFor) implements EngineRestart {
    @Override
    public String reason() {
      return "stalled";
    }
  }

  /** The engine stopped with an error (a lost connection, a failed Kafka send). */
  record Failed(Throwable cause) implements EngineRestart {
    @Override
    public String reason() {
      return "failed";
    }
  }

  /**
   * Topics the relay writes to are missing on Kafka (deleted, or a broker back without its data):
   * recreated before the restart when {@code relay.topic.create} allows it, else the relay stops.
   */
  record TopicMissing(List<String> topics) implements EngineRestart {
    public TopicMissing {
      topics = List.copyOf(topics);
    }

    @Override
    public String reason() {
      return "topic_missing";
    }
  }
}
