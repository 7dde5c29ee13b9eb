package io.posthorn.registry;

/**
 * Only an admin key may do this (HTTP 403). Never used to hide another tenant's resource: that is
 * {@link NotFoundException}.
 */
public final class ForbiddenException extends RefusedException {
  private static final long serialVersionUID = 1L;

  private ForbiddenException(String detail) {
    super("authorization", detail);
  }

  /** {@code what} ("issuing API keys") needs an admin key. */
  public static ForbiddenException adminOnly(String what) {
    return new ForbiddenException(what + " needs an admin key");
  }
}
