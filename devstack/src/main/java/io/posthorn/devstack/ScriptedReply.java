package io.posthorn.devstack;

import java.time.Duration;
import java.util.Map;

/** What the {@link RecordingReceiver} does with a request. */
public sealed interface ScriptedReply {

  /** Answer with a status, after an optional delay. */
  record Respond(int status, Map<String, String> headers, String body, Duration delay)
      implements ScriptedReply {}

  /** Accept the request and never answer (until the receiver closes): a hung subscriber. */
  record Stall() implements ScriptedReply {}

  static ScriptedReply status(int status) {
    return new Respond(status, Map.of(), "", Duration.ZERO);
  }

  static ScriptedReply ok() {
    return status(200);
  }

  static ScriptedReply delayed(int status, Duration delay) {
    return new Respond(status, Map.of(), "", delay);
  }

  static ScriptedReply stall() {
    return new Stall();
  }
}
