package io.posthorn.delivery.dispatch;

import io.posthorn.schema.endpoint.AddressPolicy;
import java.net.UnknownHostException;

/**
 * A host that resolves only to addresses the {@link AddressPolicy} refuses. An {@link
 * UnknownHostException} so okhttp fails the call before opening any connection.
 */
final class RefusedAddressException extends UnknownHostException {
  private static final long serialVersionUID = 1L;

  RefusedAddressException(String message) {
    super(message);
  }
}
