package io.posthorn.registry;

/**
 * A request the registry refuses because of what it asks, not because something failed: the domain
 * says which kind, and the HTTP edge ({@code ApiServer}) maps each kind to its status and problem
 * body in one place. {@link #field()} names what is wrong: a JSON field ({@code headers.x-token},
 * {@code eventTypes[2]}), a query or path parameter, {@code authorization}, or {@code body} for a
 * body that is not JSON at all.
 */
public abstract sealed class RefusedException extends RegistryException
    permits InvalidInputException, ForbiddenException, NotFoundException, ConflictException {
  private static final long serialVersionUID = 1L;

  private final String field;

  RefusedException(String field, String detail) {
    super(detail);
    this.field = field;
  }

  /** The field, parameter or header at fault. */
  public String field() {
    return field;
  }
}
