package io.posthorn.schema.catalog;

/**
 * The catalog cannot be loaded: a file is not a complete, consistent catalog entry, or the
 * directory cannot be read. A process that gets this at start must not start; the message names the
 * file (or directory) and the reason.
 */
public final class InvalidCatalogException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final String reason;

  InvalidCatalogException(String file, String reason, Throwable cause) {
    super("event catalog file " + file + ": " + reason, cause);
    this.file = file;
    this.reason = reason;
  }

  /** The file or directory, as a path or URL. */
  public String file() {
    return file;
  }

  /** What is wrong with it. */
  public String reason() {
    return reason;
  }
}
