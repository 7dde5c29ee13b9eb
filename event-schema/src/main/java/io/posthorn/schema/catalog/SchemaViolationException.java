package io.posthorn.schema.catalog;

import io.posthorn.schema.InvalidEventException;
import java.util.List;
import java.util.stream.Collectors;

/** A payload that breaks its type's schema; the message names every JSON pointer and rule. */
public final class SchemaViolationException extends InvalidEventException {
  private static final long serialVersionUID = 1L;

  private final transient CatalogType type;
  private final transient List<Violation> violations;

  SchemaViolationException(CatalogType type, CatalogVersion version, List<Violation> violations) {
    super(
        "payload of "
            + type.type()
            + " breaks its schema (catalog version "
            + version.version()
            + "): "
            + violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
    this.type = type;
    this.violations = List.copyOf(violations);
  }

  public CatalogType type() {
    return type;
  }

  public List<Violation> violations() {
    return violations;
  }
}
