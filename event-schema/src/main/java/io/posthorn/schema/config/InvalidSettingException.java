package io.posthorn.schema.config;

/**
 * A setting that is missing, unknown or unreadable. The message starts with the key (or the
 * environment variable) and says where the value came from when it is known.
 */
public final class InvalidSettingException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidSettingException(String message) {
    super(message);
  }
}
