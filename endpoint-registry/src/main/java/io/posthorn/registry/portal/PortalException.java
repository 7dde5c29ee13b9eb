package io.posthorn.registry.portal;

import io.posthorn.registry.RegistryException;

/** A portal request refused with a status and a message for the person, shown on an error page. */
final class PortalException extends RegistryException {
  private final int status;

  PortalException(int status, String message) {
    super(message);
    this.status = status;
  }

  int status() {
    return status;
  }
}
