package io.posthorn.delivery.endpoint;

import java.net.URI;
import java.util.Objects;

/**
 * OAuth 2.0 client credentials an endpoint's deliveries get a bearer token with (decision 0043).
 *
 * @param tokenUrl the token endpoint; judged by the same address policy as the endpoint's URL
 * @param clientSecret opened from the endpoint document; never logged
 * @param scope space-separated scopes, or {@code null}
 * @param audience the {@code audience} form parameter, or {@code null}
 */
public record OAuthClient(
    URI tokenUrl, String clientId, String clientSecret, String scope, String audience) {
  public OAuthClient {
    Objects.requireNonNull(tokenUrl, "tokenUrl");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(clientSecret, "clientSecret");
  }

  /** Leaves the secret and the token URL's query out. */
  @Override
  public String toString() {
    return "OAuthClient["
        + clientId
        + " at "
        + tokenUrl.getScheme()
        + "://"
        + tokenUrl.getAuthority()
        + tokenUrl.getPath()
        + "]";
  }
}
