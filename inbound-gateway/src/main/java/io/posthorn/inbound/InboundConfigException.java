package io.posthorn.inbound;

/** A setting of the inbound gateway is missing or wrong; the message names the key. */
public final class InboundConfigException extends InboundException {
  private static final long serialVersionUID = 1L;

  public InboundConfigException(String message) {
    super(message, null);
  }
}
