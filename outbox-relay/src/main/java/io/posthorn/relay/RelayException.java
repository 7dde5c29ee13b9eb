package io.posthorn.relay;

/** The relay's base exception: what it was doing, and for which slot, table or row. */
public class RelayException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RelayException(String message) {
    super(message);
  }

  public RelayException(String message, Throwable cause) {
    super(message, cause);
  }
}
