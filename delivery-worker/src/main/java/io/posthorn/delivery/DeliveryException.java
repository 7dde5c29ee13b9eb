package io.posthorn.delivery;

/** The worker's base exception: what it was doing, and for which event, endpoint or partition. */
public class DeliveryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DeliveryException(String message) {
    super(message);
  }

  public DeliveryException(String message, Throwable cause) {
    super(message, cause);
  }
}
