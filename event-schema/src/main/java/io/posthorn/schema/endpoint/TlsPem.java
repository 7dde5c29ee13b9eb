package io.posthorn.schema.endpoint;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the PEM texts of an endpoint's TLS settings (decision 0044) with the JDK alone, so the
 * registry refuses what the worker could not use. Every refusal is an {@link
 * IllegalArgumentException} naming the field, never quoting the text (a key is a credential).
 */
public final class TlsPem {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");
  private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448");

  private TlsPem() {}

  /**
   * The certificates of {@code pem}, in order: at least one, nothing but {@code CERTIFICATE}
   * blocks.
   */
  public static List<X509Certificate> certificates(String field, String pem) {
    List<X509Certificate> certs = new ArrayList<>();
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      for (byte[] der : blocks(field, pem, "CERTIFICATE")) {
        certs.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
      }
    } catch (CertificateException | ClassCastException e) {
      throw new IllegalArgumentException(field + " holds a certificate that does not parse");
    }
    return List.copyOf(certs);
  }

  /** The one unencrypted PKCS#8 ({@code PRIVATE KEY}) key of {@code pem}: RSA, EC or EdDSA. */
  public static PrivateKey privateKey(String field, String pem) {
    List<byte[]> der = blocks(field, pem, "PRIVATE KEY");
    if (der.size() != 1) {
      throw new IllegalArgumentException(field + " must hold exactly one PRIVATE KEY block");
    }
    for (String algorithm : KEY_ALGORITHMS) {
      try {
        return KeyFactory.getInstance(algorithm)
            .generatePrivate(new PKCS8EncodedKeySpec(der.get(0)));
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    throw new IllegalArgumentException(
        field + " is not an unencrypted PKCS#8 RSA, EC or EdDSA private key");
  }

  /**
   * @throws IllegalArgumentException when {@code key} is not the private key of {@code leaf}
   */
  public static void checkPair(String field, X509Certificate leaf, PrivateKey key) {
    byte[] probe = "posthorn key check".getBytes(StandardCharsets.UTF_8);
    try {
      String algorithm =
          switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm(); // Ed25519, Ed448, EdDSA
          };
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(leaf.getPublicKey());
      verifier.update(probe);
      if (verifier.verify(signature)) {
        return;
      }
    } catch (GeneralSecurityException e) {
      // a key of another algorithm than the certificate's: refused below
    }
    throw new IllegalArgumentException(field + " is not the key of the client certificate");
  }

  private static List<byte[]> blocks(String field, String pem, String type) {
    if (pem == null || pem.isBlank()) {
      throw new IllegalArgumentException(field + " must be a non-empty PEM text");
    }
    List<byte[]> blocks = new ArrayList<>();
    Matcher m = BLOCK.matcher(pem);
    while (m.find()) { // text between blocks is explanatory (RFC 7468 5.2)
      if (!m.group(1).equals(type)) {
        throw new IllegalArgumentException(field + " must hold only " + type + " blocks");
      }
      try {
        blocks.add(Base64.getMimeDecoder().decode(m.group(2)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(field + " holds a PEM block that is not base64");
      }
    }
    if (blocks.isEmpty()) {
      throw new IllegalArgumentException(field + " is not a PEM text of " + type + " blocks");
    }
    return blocks;
  }
}
