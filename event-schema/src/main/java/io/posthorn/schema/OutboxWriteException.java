package io.posthorn.schema;

/** The database refused an outbox insert (the caller's transaction should roll back) or a purge. */
public final class OutboxWriteException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public OutboxWriteException(String message, Throwable cause) {
    super(message, cause);
  }
}
