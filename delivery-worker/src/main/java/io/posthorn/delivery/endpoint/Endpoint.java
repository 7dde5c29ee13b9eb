package io.posthorn.delivery.endpoint;

import io.posthorn.delivery.signing.SigningSecret;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * A subscriber's URL and the secrets its deliveries are signed with. For now endpoints come from
 * the worker's config and receive every event; the registry issue feeds them from a topic.
 */
public record Endpoint(String id, URI url, List<SigningSecret> secrets) {
  public Endpoint {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(url, "url");
    secrets = List.copyOf(secrets);
  }

  /** Leaves the URL's query (which may carry a token) and the secrets out. */
  @Override
  public String toString() {
    return "Endpoint[" + id + " " + url.getScheme() + "://" + url.getAuthority() + url.getPath() + "]";
  }
}
