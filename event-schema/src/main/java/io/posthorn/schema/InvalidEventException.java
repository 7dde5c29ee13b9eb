package io.posthorn.schema;

/** An event (or an outbox row) that cannot become a valid envelope; the message says why. */
public class InvalidEventException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidEventException(String message) {
    super(message);
  }

  public InvalidEventException(String message, Throwable cause) {
    super(message, cause);
  }
}
