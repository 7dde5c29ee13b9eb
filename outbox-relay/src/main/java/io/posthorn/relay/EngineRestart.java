package io.posthorn.relay;

import java.time.Duration;

/** Why the active relay restarted its engine. */
public sealed interface EngineRestart {

  /** The metric tag value: {@code stalled} or {@code failed}. */
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
}
