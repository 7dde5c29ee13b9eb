package io.posthorn.relay;

/** A relay setting is missing or invalid; the message starts with the key. */
public final class RelayConfigException extends RelayException {
  private static final long serialVersionUID = 1L;

  public RelayConfigException(String message) {
    super(message);
  }
}
