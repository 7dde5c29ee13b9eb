package io.posthorn.delivery.endpoint;

import io.posthorn.schema.endpoint.TlsPem;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * An endpoint's own TLS settings (decision 0044): a client certificate presented to it only, and/or
 * a CA bundle its server certificate must chain to instead of the JDK's trust store.
 *
 * @param clientCertificate PEM chain, leaf first, or {@code null}
 * @param clientKey PEM PKCS#8 key of the leaf, opened from the endpoint document; never logged
 * @param caBundle PEM certificates, or {@code null} for the JDK's trust store
 */
public record EndpointTls(String clientCertificate, String clientKey, String caBundle) {
  public EndpointTls {
    if ((clientCertificate == null) != (clientKey == null)) {
      throw new IllegalArgumentException("a client certificate goes with its key");
    }
    if (clientCertificate == null && caBundle == null) {
      throw new IllegalArgumentException("a client certificate or a CA bundle is required");
    }
  }

  /**
   * The key material for this endpoint's handshakes.
   *
   * @throws IllegalArgumentException naming the field of a PEM that does not parse, never its text
   */
  public HandshakeCertificates handshakeCertificates() {
    HandshakeCertificates.Builder b = new HandshakeCertificates.Builder();
    if (clientCertificate != null) {
      List<X509Certificate> chain = TlsPem.certificates("tls.clientCertificate", clientCertificate);
      PrivateKey key = TlsPem.privateKey("tls.clientKey", clientKey);
      TlsPem.checkPair("tls.clientKey", chain.get(0), key);
      b.heldCertificate(
          new HeldCertificate(new KeyPair(chain.get(0).getPublicKey(), key), chain.get(0)),
          chain.subList(1, chain.size()).toArray(X509Certificate[]::new));
    }
    if (caBundle != null) {
      TlsPem.certificates("tls.caBundle", caBundle).forEach(b::addTrustedCertificate);
    } else {
      b.addPlatformTrustedCertificates();
    }
    return b.build();
  }

  /** Names which settings there are; leaves every PEM out. */
  @Override
  public String toString() {
    return "EndpointTls["
        + (clientCertificate != null ? "client certificate" : "")
        + (clientCertificate != null && caBundle != null ? ", " : "")
        + (caBundle != null ? "CA bundle" : "")
        + "]";
  }
}
