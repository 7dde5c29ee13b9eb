package io.posthorn.registry.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.posthorn.registry.InvalidInputException;
import io.posthorn.schema.endpoint.EndpointDocument;
import io.posthorn.schema.endpoint.SecretSeal;
import java.util.Objects;
import java.util.Set;

/**
 * OAuth 2.0 client credentials of an endpoint (decision 0043), as the API reads and shows them. The
 * client secret is write-only: sealed ({@link SecretSeal#sealClientSecret}) before it is stored or
 * published, and never returned; an update that leaves it out keeps the stored one.
 *
 * @param clientSecret the plain secret to seal, or {@code null} to keep the stored one
 * @param scope space-separated scopes, or {@code null}
 * @param audience the {@code audience} form parameter, or {@code null}
 */
record EndpointOAuth(
    String tokenUrl, String clientId, String clientSecret, String scope, String audience) {
  static final int MAX_TEXT = 1000;
  private static final Set<String> FIELDS =
      Set.of("tokenUrl", "clientId", "clientSecret", "scope", "audience");

  EndpointOAuth {
    Objects.requireNonNull(tokenUrl, "tokenUrl");
    Objects.requireNonNull(clientId, "clientId");
  }

  /** The stored settings, secret left out (kept). */
  static EndpointOAuth of(EndpointDocument.OAuth stored) {
    return stored == null
        ? null
        : new EndpointOAuth(
            stored.tokenUrl(), stored.clientId(), null, stored.scope(), stored.audience());
  }

  /**
   * Reads the request's {@code oauth} object, refusing the first bad field by its path ({@code
   * oauth.clientId}). The token URL's policy needs the tenant and is checked by {@link
   * EndpointChanges}.
   */
  static EndpointOAuth read(ObjectNode o) {
    o.fieldNames()
        .forEachRemaining(
            name -> {
              if (!FIELDS.contains(name)) {
                throw new InvalidInputException(
                    "oauth." + name, "oauth." + name + " is not a known field");
              }
            });
    return new EndpointOAuth(
        text(o, "tokenUrl", true, UrlPolicy.MAX_LENGTH),
        text(o, "clientId", true, MAX_TEXT),
        text(o, "clientSecret", false, MAX_TEXT),
        text(o, "scope", false, MAX_TEXT),
        text(o, "audience", false, MAX_TEXT));
  }

  /**
   * The sealed form for the document and the row.
   *
   * @param current what is stored, {@code null} for none
   * @throws InvalidInputException when no secret is given and none is stored
   */
  EndpointDocument.OAuth seal(SecretSeal seal, String endpointId, EndpointDocument.OAuth current) {
    String sealed;
    if (clientSecret != null) {
      sealed = seal.sealClientSecret(endpointId, clientSecret);
    } else if (current != null) {
      sealed = current.sealedClientSecret();
    } else {
      throw new InvalidInputException(
          "oauth.clientSecret", "oauth.clientSecret is required when OAuth is first set");
    }
    return new EndpointDocument.OAuth(tokenUrl, clientId, sealed, scope, audience);
  }

  /** What the API shows: the settings without the secret. */
  record View(String tokenUrl, String clientId, String scope, String audience) {
    static View of(EndpointDocument.OAuth stored) {
      return stored == null
          ? null
          : new View(stored.tokenUrl(), stored.clientId(), stored.scope(), stored.audience());
    }
  }

  private static String text(ObjectNode o, String name, boolean required, int max) {
    JsonNode n = o.get(name);
    String field = "oauth." + name;
    if (n == null || n.isNull()) {
      if (required) {
        throw new InvalidInputException(field, field + " is required");
      }
      return null;
    }
    if (!n.isTextual() || n.asText().isBlank() || n.asText().length() > max) {
      throw new InvalidInputException(
          field, field + " must be a non-empty string of at most " + max + " characters");
    }
    return n.asText();
  }

  /** Leaves the secret out. */
  @Override
  public String toString() {
    return "EndpointOAuth[" + clientId + (clientSecret == null ? "" : ", with secret") + "]";
  }
}
