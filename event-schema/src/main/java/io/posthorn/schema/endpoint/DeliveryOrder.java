package io.posthorn.schema.endpoint;

import java.util.Locale;
import java.util.Objects;

/**
 * How an endpoint's deliveries are ordered (decision 0045): {@code concurrent} (the default: any
 * number at once, a retry lets later events overtake) or {@code ordered} (the events of one
 * aggregate — one Kafka key — reach the endpoint one at a time in outbox order), and, for ordered,
 * what a dead-lettered event does to the events of its aggregate behind it.
 *
 * @param delivery {@code concurrent} or {@code ordered}
 * @param onDeadLetter {@code skip}: the next event of the aggregate goes; {@code block}: the
 *     aggregate stays held for this endpoint until an operator releases it
 */
public record DeliveryOrder(Delivery delivery, OnDeadLetter onDeadLetter) {
  /** The default: concurrent (what every endpoint did before decision 0045). */
  public static final DeliveryOrder CONCURRENT =
      new DeliveryOrder(Delivery.CONCURRENT, OnDeadLetter.SKIP);

  /** Delivery mode; its wire name is the lower-case constant name. */
  public enum Delivery {
    CONCURRENT,
    ORDERED;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The mode named {@code text} on the wire, or {@code null} for a name that is not one. */
    public static Delivery fromWire(String text) {
      for (Delivery d : values()) {
        if (d.wire().equals(text)) {
          return d;
        }
      }
      return null;
    }
  }

  /** What an ordered endpoint does after one of an aggregate's events is dead-lettered. */
  public enum OnDeadLetter {
    SKIP,
    BLOCK;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The choice named {@code text} on the wire, or {@code null} for a name that is not one. */
    public static OnDeadLetter fromWire(String text) {
      for (OnDeadLetter o : values()) {
        if (o.wire().equals(text)) {
          return o;
        }
      }
      return null;
    }
  }

  public DeliveryOrder {
    Objects.requireNonNull(delivery, "delivery");
    Objects.requireNonNull(onDeadLetter, "onDeadLetter");
  }

  public static DeliveryOrder ordered(OnDeadLetter onDeadLetter) {
    return new DeliveryOrder(Delivery.ORDERED, onDeadLetter);
  }

  public boolean ordered() {
    return delivery == Delivery.ORDERED;
  }

  /** Ordered, and a dead letter holds its aggregate's later events until an operator acts. */
  public boolean blocksOnDeadLetter() {
    return ordered() && onDeadLetter == OnDeadLetter.BLOCK;
  }
}
