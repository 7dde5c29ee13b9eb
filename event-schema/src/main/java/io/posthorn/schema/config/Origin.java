package io.posthorn.schema.config;

/**
 * Where a key's effective value came from.
 *
 * @param kind the file, an environment variable, or the key's default
 * @param where the file's name or the variable's; empty for a default
 */
public record Origin(Kind kind, String where) {
  /** The kinds of origin, in the order they override one another (the environment wins). */
  public enum Kind {
    DEFAULT,
    FILE,
    ENVIRONMENT
  }

  static final Origin DEFAULT = new Origin(Kind.DEFAULT, "");

  @Override
  public String toString() {
    return switch (kind) {
      case DEFAULT -> "default";
      case FILE -> "file " + where;
      case ENVIRONMENT -> "environment " + where;
    };
  }
}
