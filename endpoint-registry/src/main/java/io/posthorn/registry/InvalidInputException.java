package io.posthorn.registry;

/** A field is missing, of the wrong type, or breaks a rule (HTTP 400). */
public final class InvalidInputException extends RefusedException {
  private static final long serialVersionUID = 1L;

  public InvalidInputException(String field, String detail) {
    super(field, detail);
  }
}
