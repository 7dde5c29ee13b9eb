package io.posthorn.relay;

/**
 * The relay stopped because it cannot go on by itself: a topic it writes to is missing and {@code
 * relay.topic.create} is false, or its engine restarted {@code relay.max-restarts-without-progress}
 * times in a row without getting anything through. The message names the cause; the relay's health
 * is then FAILED, and {@code posthorn relay} exits 1 for its supervisor (systemd, Kubernetes) to
 * restart it once the cause is fixed.
 */
public final class RelayGaveUpException extends RelayException {
  private static final long serialVersionUID = 1L;

  public RelayGaveUpException(String message) {
    super(message);
  }
}
