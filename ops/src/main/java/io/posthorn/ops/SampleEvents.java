package io.posthorn.ops;

import io.posthorn.schema.Envelope;
import io.posthorn.schema.EventType;
import io.posthorn.schema.JsonObjectText;
import java.time.Clock;
import java.util.UUID;

/** Made-up {@code user.created} and {@code order.completed} events for the dev stack. */
final class SampleEvents {
  private final Clock clock;

  SampleEvents(Clock clock) {
    this.clock = clock;
  }

  /** Alternates user.created and order.completed; {@code n} makes each distinct. */
  Envelope next(int n) {
    if (n % 2 == 0) {
      String userId = "usr_" + (1000 + n);
      return new Envelope(UUID.randomUUID(), EventType.of("user.created"), "User", userId, null,
          new JsonObjectText("{\"userId\": \"" + userId + "\", \"email\": \"user" + n + "@example.com\", \"plan\": \"free\"}"),
          new JsonObjectText("{\"source\": \"posthorn dev\"}"), clock.instant(), null);
    }
    String orderId = "ord_" + (5000 + n);
    return new Envelope(UUID.randomUUID(), EventType.of("order.completed"), "Order", orderId, null,
        new JsonObjectText("{\"orderId\": \"" + orderId + "\", \"totalCents\": " + (1999 + n) + ", \"currency\": \"EUR\"}"),
        new JsonObjectText("{\"source\": \"posthorn dev\"}"), clock.instant(), null);
  }
}
