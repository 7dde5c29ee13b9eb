package io.posthorn.registry;

/** A setting that is missing or invalid; the message starts with the key. */
public final class RegistryConfigException extends RegistryException {
  private static final long serialVersionUID = 1L;

  public RegistryConfigException(String message) {
    super(message);
  }
}
