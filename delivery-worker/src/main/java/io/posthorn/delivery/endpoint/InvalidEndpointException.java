package io.posthorn.delivery.endpoint;

import io.posthorn.delivery.DeliveryException;

/** An endpoint document that cannot be used; the message names the endpoint and the field. */
final class InvalidEndpointException extends DeliveryException {
  InvalidEndpointException(String message) {
    super(message);
  }
}
