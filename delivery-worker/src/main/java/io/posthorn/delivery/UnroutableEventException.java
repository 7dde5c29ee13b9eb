package io.posthorn.delivery;

/** A record on the events topic that lacks what routing needs (it was not written by a relay). */
final class UnroutableEventException extends DeliveryException {
  private static final long serialVersionUID = 1L;

  UnroutableEventException(String message) {
    super(message);
  }
}
