package io.posthorn.registry;

/** No such resource for this caller, also when it belongs to another tenant (HTTP 404). */
public final class NotFoundException extends RefusedException {
  private static final long serialVersionUID = 1L;

  public NotFoundException(String field, String detail) {
    super(field, detail);
  }
}
