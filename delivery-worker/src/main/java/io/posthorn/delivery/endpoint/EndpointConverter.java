package io.posthorn.delivery.endpoint;

import io.posthorn.delivery.signing.SigningSecretSeal;
import io.posthorn.schema.endpoint.EndpointDocument;
import io.posthorn.schema.endpoint.EndpointDocument.Secret;
import io.posthorn.schema.endpoint.EndpointDocumentCodec;
import io.posthorn.schema.endpoint.InvalidEndpointDocumentException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts between the worker's {@link Endpoint} and the endpoint document on {@code
 * posthorn.endpoints} (key = endpoint id, a tombstone deletes). The document and its JSON are
 * event-schema's ({@link EndpointDocument} and {@link EndpointDocumentCodec}, shared with the
 * registry, which writes them); this class opens the sealed secrets and header values and builds
 * the routing-table entry. A document from a registry before sealed headers carries them in plain
 * text; they are still used.
 */
public final class EndpointConverter {
  private final SigningSecretSeal seal;

  public EndpointConverter(SigningSecretSeal seal) {
    this.seal = seal;
  }

  public byte[] encode(Endpoint e) {
    List<Secret> secrets = new ArrayList<>();
    for (EndpointSecret s : e.secrets()) {
      secrets.add(new Secret(seal.seal(e.id(), s.secret()), s.expiresAt()));
    }
    Map<String, String> headers = new LinkedHashMap<>();
    e.headers().forEach((name, value) -> headers.put(name, seal.sealHeader(e.id(), name, value)));
    return EndpointDocumentCodec.encode(
        new EndpointDocument(
            e.id(),
            e.tenantId(),
            e.url().toString(),
            e.enabled(),
            e.eventTypes().patterns(),
            secrets,
            (int) e.timeout().toMillis(),
            e.maxInFlight(),
            e.ratePerSecond(),
            headers,
            Map.of(),
            e.privateNetworkAllowed(),
            e.oauth() == null
                ? null
                : new EndpointDocument.OAuth(
                    e.oauth().tokenUrl().toString(),
                    e.oauth().clientId(),
                    seal.sealClientSecret(e.id(), e.oauth().clientSecret()),
                    e.oauth().scope(),
                    e.oauth().audience()),
            e.tls() == null
                ? null
                : new EndpointDocument.Tls(
                    e.tls().clientCertificate(),
                    e.tls().clientKey() == null
                        ? null
                        : seal.sealClientKey(e.id(), e.tls().clientKey()),
                    e.tls().caBundle()),
            e.verificationPending(),
            e.order(),
            e.eventTypes().versions()));
  }

  /**
   * @param key the record key, which must equal the document's {@code id}
   * @throws InvalidEndpointException naming the endpoint and the field
   */
  public Endpoint decode(String key, byte[] value) {
    var doc = decodeDocument(key, value);
    List<EndpointSecret> secrets = new ArrayList<>();
    for (int i = 0; i < doc.secrets().size(); i++) {
      var s = doc.secrets().get(i);
      try {
        secrets.add(new EndpointSecret(seal.open(key, s.sealed()), s.expiresAt()));
      } catch (IllegalArgumentException e) {
        throw new InvalidEndpointException(
            "endpoint " + key + ": secrets[" + i + "].sealed: " + e.getMessage());
      }
    }
    Map<String, String> headers = new LinkedHashMap<>(doc.legacyPlainHeaders());
    doc.sealedHeaders()
        .forEach(
            (name, sealedValue) -> {
              try {
                headers.put(name, seal.openHeader(key, name, sealedValue));
              } catch (IllegalArgumentException e) {
                throw new InvalidEndpointException(
                    "endpoint " + key + ": sealedHeaders." + name + ": " + e.getMessage());
              }
            });
    return new Endpoint(
        doc.id(),
        doc.tenantId(),
        URI.create(doc.url()),
        doc.enabled(),
        new EventTypeFilter(doc.eventTypes(), doc.schemaVersions()),
        secrets,
        Duration.ofMillis(doc.timeoutMs()),
        doc.maxInFlight(),
        doc.rateLimitPerSecond(),
        headers,
        doc.privateNetworkAllowed(),
        oauth(key, doc.oauth()),
        tls(key, doc.tls()),
        doc.verificationPending(),
        doc.order());
  }

  private EndpointTls tls(String key, EndpointDocument.Tls t) {
    if (t == null) {
      return null;
    }
    try {
      return new EndpointTls(
          t.clientCertificate(),
          t.sealedClientKey() == null ? null : seal.openClientKey(key, t.sealedClientKey()),
          t.caBundle());
    } catch (IllegalArgumentException e) {
      throw new InvalidEndpointException(
          "endpoint " + key + ": tls.sealedClientKey: " + e.getMessage());
    }
  }

  private OAuthClient oauth(String key, EndpointDocument.OAuth o) {
    if (o == null) {
      return null;
    }
    try {
      return new OAuthClient(
          URI.create(o.tokenUrl()),
          o.clientId(),
          seal.openClientSecret(key, o.sealedClientSecret()),
          o.scope(),
          o.audience());
    } catch (IllegalArgumentException e) {
      throw new InvalidEndpointException(
          "endpoint " + key + ": oauth.sealedClientSecret: " + e.getMessage());
    }
  }

  private static EndpointDocument decodeDocument(String key, byte[] value) {
    try {
      return EndpointDocumentCodec.decode(key, value);
    } catch (InvalidEndpointDocumentException e) {
      throw new InvalidEndpointException(e.getMessage());
    }
  }
}
