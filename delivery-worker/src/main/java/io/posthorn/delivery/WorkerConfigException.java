package io.posthorn.delivery;

/** A worker setting is missing or invalid; the message starts with the key. */
public final class WorkerConfigException extends DeliveryException {
  private static final long serialVersionUID = 1L;

  public WorkerConfigException(String message) {
    super(message);
  }
}
