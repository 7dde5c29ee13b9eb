package io.posthorn.ops;

import io.posthorn.schema.OutboxEvent;

/**
 * Made-up {@code user.created} and {@code order.completed} events for the dev stack; both fit the
 * catalog.
 */
final class SampleEvents {
  private static final String METADATA = "{\"source\": \"posthorn dev\"}";

  private SampleEvents() {}

  /** Alternates user.created and order.completed; {@code n} makes each distinct. */
  static OutboxEvent next(int n) {
    if (n % 2 == 0) {
      String userId = "usr_" + (1000 + n);
      return OutboxEvent.of(
              "user.created",
              "User",
              userId,
              "{\"userId\": \""
                  + userId
                  + "\", \"email\": \"user"
                  + n
                  + "@example.com\", \"plan\": \"free\"}")
          .withMetadata(METADATA);
    }
    String orderId = "ord_" + (5000 + n);
    return OutboxEvent.of(
            "order.completed",
            "Order",
            orderId,
            "{\"orderId\": \""
                + orderId
                + "\", \"totalCents\": "
                + (1999 + n)
                + ", \"currency\": \"EUR\"}")
        .withMetadata(METADATA);
  }
}
