package io.posthorn.schema.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;

class TlsPemTest {
  private static final HeldCertificate CA =
      new HeldCertificate.Builder().certificateAuthority(0).commonName("test ca").build();
  private static final HeldCertificate CLIENT =
      new HeldCertificate.Builder().commonName("posthorn").signedBy(CA).build();
  private static final HeldCertificate RSA_CLIENT =
      new HeldCertificate.Builder().rsa2048().commonName("posthorn").build();

  @Test
  void readsAChainInOrder_withExplanatoryTextBetweenBlocks() {
    String chain =
        "subject=CN=posthorn\n" + CLIENT.certificatePem() + "issuer\n" + CA.certificatePem();

    assertThat(TlsPem.certificates("tls.clientCertificate", chain))
        .containsExactly(CLIENT.certificate(), CA.certificate());
  }

  @Test
  void readsEcAndRsaKeys_andChecksTheyBelongToTheCertificate() {
    assertThat(TlsPem.privateKey("tls.clientKey", CLIENT.privateKeyPkcs8Pem()))
        .isEqualTo(CLIENT.keyPair().getPrivate());
    TlsPem.checkPair(
        "tls.clientKey",
        RSA_CLIENT.certificate(),
        TlsPem.privateKey("tls.clientKey", RSA_CLIENT.privateKeyPkcs8Pem()));

    assertThatThrownBy(
            () ->
                TlsPem.checkPair("tls.clientKey", CA.certificate(), CLIENT.keyPair().getPrivate()))
        .hasMessage("tls.clientKey is not the key of the client certificate");
    assertThatThrownBy(
            () ->
                TlsPem.checkPair(
                    "tls.clientKey", RSA_CLIENT.certificate(), CLIENT.keyPair().getPrivate()))
        .hasMessage("tls.clientKey is not the key of the client certificate");
  }

  @Test
  void refusalsNameTheFieldAndNeverQuoteTheText() {
    String key = CLIENT.privateKeyPkcs8Pem();
    String body = key.split("\n")[1];

    assertThatThrownBy(() -> TlsPem.certificates("tls.caBundle", "not pem " + body))
        .hasMessage("tls.caBundle is not a PEM text of CERTIFICATE blocks")
        .message()
        .doesNotContain(body);
    assertThatThrownBy(() -> TlsPem.certificates("tls.clientCertificate", key))
        .hasMessage("tls.clientCertificate must hold only CERTIFICATE blocks");
    assertThatThrownBy(
            () ->
                TlsPem.certificates(
                    "tls.caBundle",
                    "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"))
        .hasMessage("tls.caBundle holds a certificate that does not parse");
    assertThatThrownBy(() -> TlsPem.privateKey("tls.clientKey", RSA_CLIENT.privateKeyPkcs1Pem()))
        .hasMessage("tls.clientKey must hold only PRIVATE KEY blocks");
    assertThatThrownBy(() -> TlsPem.privateKey("tls.clientKey", key + key))
        .hasMessage("tls.clientKey must hold exactly one PRIVATE KEY block");
    assertThatThrownBy(
            () ->
                TlsPem.privateKey(
                    "tls.clientKey",
                    "-----BEGIN PRIVATE KEY-----\n"
                        + body.substring(0, 20)
                        + "\n-----END PRIVATE KEY-----"))
        .hasMessage("tls.clientKey is not an unencrypted PKCS#8 RSA, EC or EdDSA private key")
        .message()
        .doesNotContain(body.substring(0, 20));
    assertThatThrownBy(() -> TlsPem.privateKey("tls.clientKey", " "))
        .hasMessage("tls.clientKey must be a non-empty PEM text");
  }
}
