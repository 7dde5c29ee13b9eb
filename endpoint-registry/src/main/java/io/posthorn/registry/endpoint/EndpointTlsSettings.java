package io.posthorn.registry.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.posthorn.registry.InvalidInputException;
import io.posthorn.schema.endpoint.EndpointDocument;
import io.posthorn.schema.endpoint.SecretSeal;
import io.posthorn.schema.endpoint.TlsPem;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;

/**
 * An endpoint's TLS settings (decision 0044) as the API reads and shows them: a client certificate
 * with its private key, and/or a CA bundle. The key is write-only: sealed ({@link
 * SecretSeal#sealClientKey}) before it is stored or published, and never returned; an update that
 * leaves it out keeps the stored one while the certificate stays the same. PEMs are checked with
 * the worker's reader ({@link TlsPem}), refusals naming the field, never quoting it.
 *
 * @param clientKey the plain PEM key to seal, or {@code null} to keep the stored one
 */
record EndpointTlsSettings(String clientCertificate, String clientKey, String caBundle) {
  /** A chain or a bundle of a few certificates fits; the request body is 64 KiB by default. */
  static final int MAX_PEM = 16 * 1024;

  private static final Set<String> FIELDS = Set.of("clientCertificate", "clientKey", "caBundle");

  /** The stored settings, key left out (kept). */
  static EndpointTlsSettings of(EndpointDocument.Tls stored) {
    return stored == null
        ? null
        : new EndpointTlsSettings(stored.clientCertificate(), null, stored.caBundle());
  }

  /** Reads the request's {@code tls} object, refusing the first bad field by its path. */
  static EndpointTlsSettings read(ObjectNode o) {
    o.fieldNames()
        .forEachRemaining(
            name -> {
              if (!FIELDS.contains(name)) {
                throw new InvalidInputException(
                    "tls." + name, "tls." + name + " is not a known field");
              }
            });
    String certificate = pem(o, "clientCertificate");
    String key = pem(o, "clientKey");
    String bundle = pem(o, "caBundle");
    if (certificate == null && bundle == null) {
      throw new InvalidInputException(
          "tls", "tls needs a clientCertificate (with its clientKey) or a caBundle");
    }
    if (certificate == null && key != null) {
      throw new InvalidInputException(
          "tls.clientKey", "tls.clientKey goes with a tls.clientCertificate");
    }
    List<X509Certificate> chain =
        certificate == null ? List.of() : check("tls.clientCertificate", certificate);
    if (key != null) {
      PrivateKey privateKey = checkKey(key);
      try {
        TlsPem.checkPair("tls.clientKey", chain.get(0), privateKey);
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException("tls.clientKey", e.getMessage());
      }
    }
    if (bundle != null) {
      check("tls.caBundle", bundle);
    }
    return new EndpointTlsSettings(certificate, key, bundle);
  }

  /**
   * The sealed form for the document and the row.
   *
   * @param current what is stored, {@code null} for none
   * @throws InvalidInputException when a certificate comes without a key and none is stored for it
   */
  EndpointDocument.Tls seal(SecretSeal seal, String endpointId, EndpointDocument.Tls current) {
    String sealedKey = null;
    if (clientKey != null) {
      sealedKey = seal.sealClientKey(endpointId, clientKey);
    } else if (clientCertificate != null) {
      if (current == null
          || current.sealedClientKey() == null
          || !clientCertificate.equals(current.clientCertificate())) {
        throw new InvalidInputException(
            "tls.clientKey", "tls.clientKey is required with a new tls.clientCertificate");
      }
      sealedKey = current.sealedClientKey();
    }
    return new EndpointDocument.Tls(clientCertificate, sealedKey, caBundle);
  }

  /** What the API shows: the PEM certificates, never the key. */
  record View(String clientCertificate, String caBundle) {
    static View of(EndpointDocument.Tls stored) {
      return stored == null ? null : new View(stored.clientCertificate(), stored.caBundle());
    }
  }

  private static List<X509Certificate> check(String field, String pem) {
    try {
      return TlsPem.certificates(field, pem);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(field, e.getMessage());
    }
  }

  private static PrivateKey checkKey(String pem) {
    try {
      return TlsPem.privateKey("tls.clientKey", pem);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("tls.clientKey", e.getMessage());
    }
  }

  private static String pem(ObjectNode o, String name) {
    JsonNode n = o.get(name);
    String field = "tls." + name;
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual() || n.asText().isBlank() || n.asText().length() > MAX_PEM) {
      throw new InvalidInputException(
          field, field + " must be a PEM text of at most " + MAX_PEM + " characters");
    }
    return n.asText();
  }

  /** Leaves the key out. */
  @Override
  public String toString() {
    return "EndpointTlsSettings["
        + (clientCertificate != null ? "client certificate" : "")
        + (clientKey != null ? " with key" : "")
        + (caBundle != null ? " CA bundle" : "")
        + "]";
  }
}
