package io.posthorn.registry;

/**
 * The resource's state forbids the request: a disabled endpoint, an event past the events topic's
 * retention (HTTP 409).
 */
public final class ConflictException extends RefusedException {
  private static final long serialVersionUID = 1L;

  public ConflictException(String field, String detail) {
    super(field, detail);
  }
}
