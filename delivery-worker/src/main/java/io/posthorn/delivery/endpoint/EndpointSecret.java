package io.posthorn.delivery.endpoint;

import io.posthorn.delivery.signing.SigningSecret;
import java.time.Instant;
import java.util.Objects;

/**
 * A signing secret and when it stops signing: {@code null} for the current secret, the end of the
 * overlap window for one that was rotated out.
 */
public record EndpointSecret(SigningSecret secret, Instant expiresAt) {
  public EndpointSecret {
    Objects.requireNonNull(secret, "secret");
  }

  boolean validAt(Instant now) {
    return expiresAt == null || now.isBefore(expiresAt);
  }
}
