package io.posthorn.inbound.verify;

import io.posthorn.schema.connection.ConnectionDocument;
import java.time.Clock;

/** The verifier of a connection's provider. */
public final class Verifiers {
  private Verifiers() {}

  /**
   * @param secret the connection's verification secret, opened
   * @throws IllegalArgumentException when the secret or the HMAC scheme cannot be used (a Standard
   *     Webhooks secret that is not base64, an unknown algorithm), never quoting the secret
   */
  public static Verifier of(ConnectionDocument connection, String secret, Clock clock) {
    return switch (connection.provider()) {
      case STANDARD_WEBHOOKS -> {
        if (!StandardWebhooksVerifier.validSecret(secret)) {
          throw new IllegalArgumentException(
              "a standard-webhooks secret must be whsec_ and base64 of at least 16 bytes");
        }
        yield new StandardWebhooksVerifier(secret, clock, connection.tolerance());
      }
      case GITHUB -> new GitHubVerifier(secret);
      case STRIPE -> new StripeVerifier(secret, clock, connection.tolerance());
      case JIRA -> new JiraVerifier(secret);
      case SLACK -> new SlackVerifier(secret, clock, connection.tolerance());
      case HMAC -> new HmacVerifier(secret, connection.hmac(), clock, connection.tolerance());
    };
  }
}
