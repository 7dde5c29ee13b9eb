package io.posthorn.inbound;

/** The inbound gateway's one unchecked base exception: what it was doing, and for which id. */
public class InboundException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InboundException(String message, Throwable cause) {
    super(message, cause);
  }
}
