package io.posthorn.ops;

/**
 * A command failed for a reason its user can act on; {@code posthorn} prints the message alone
 * ({@code posthorn: <message>}) and exits 1. Carries no stack trace for the user to read.
 */
public class OpsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public OpsException(String message) {
    super(message);
  }

  public OpsException(String message, Throwable cause) {
    super(message, cause);
  }
}
