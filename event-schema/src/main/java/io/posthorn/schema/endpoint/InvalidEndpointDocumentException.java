package io.posthorn.schema.endpoint;

/** An endpoint document that cannot be used; the message names the endpoint and the field. */
public final class InvalidEndpointDocumentException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidEndpointDocumentException(String message) {
    super(message);
  }
}
