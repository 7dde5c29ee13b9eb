package io.posthorn.devstack;

import java.time.Duration;
import java.util.Map;

/** What the {@link RecordingReceiver} does with a request. */
public sealed interface Reply {

  /** Answer with a status, after an optional delay. */
  record Respond(int status, Map<String, String> headers, String body, Duration delay)
      implements Reply {}

  /** Accept the request and never answer (until the receiver closes): a hung subscriber. */
  record Stall() implements Reply {}

  static Reply status(int status) {
    return new Respond(status, Map.of(), "", Duration.ZERO);
  }

  static Reply ok() {
    return status(200);
  }

  static Reply delayed(int status, Duration delay) {
    return new Respond(status, Map.of(), "", delay);
  }

  static Reply stall() {
    return new Stall();
  }
}
