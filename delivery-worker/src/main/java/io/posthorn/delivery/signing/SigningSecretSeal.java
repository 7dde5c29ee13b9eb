package io.posthorn.delivery.signing;

import io.posthorn.schema.endpoint.SecretSeal;

/**
 * The worker's view of {@link SecretSeal} (event-schema, shared with the registry, which seals):
 * the same sealed form, typed to {@link SigningSecret}, and the sealed custom header values. It
 * adds no cryptography of its own. Thread-safe.
 */
public final class SigningSecretSeal {
  private final SecretSeal shared;

  private SigningSecretSeal(SecretSeal shared) {
    this.shared = shared;
  }

  /**
   * @param masterKey base64 of exactly 32 bytes
   * @throws IllegalArgumentException (never echoing the key) when it is not that
   */
  public static SigningSecretSeal fromBase64(String masterKey) {
    return new SigningSecretSeal(SecretSeal.fromBase64(masterKey));
  }

  /** A fresh random master key, base64: what {@code posthorn dev} generates. */
  public static String generateMasterKey() {
    return SecretSeal.generateMasterKey();
  }

  public String seal(String endpointId, SigningSecret secret) {
    return shared.seal(endpointId, secret.encoded());
  }

  /**
   * @throws IllegalArgumentException when the value is not sealed, was sealed under another key or
   *     for another endpoint, or was altered; the message never contains the secret
   */
  public SigningSecret open(String endpointId, String sealed) {
    return SigningSecret.parse(shared.open(endpointId, sealed));
  }

  /** Seals a custom header value, bound to the endpoint and the header's name. */
  public String sealHeader(String endpointId, String name, String value) {
    return shared.sealHeader(endpointId, name, value);
  }

  /**
   * @throws IllegalArgumentException when the value does not open for this endpoint and header; the
   *     message never contains the value
   */
  public String openHeader(String endpointId, String name, String sealed) {
    return shared.openHeader(endpointId, name, sealed);
  }

  /** Seals an OAuth 2.0 client secret, bound to the endpoint. */
  public String sealClientSecret(String endpointId, String clientSecret) {
    return shared.sealClientSecret(endpointId, clientSecret);
  }

  /**
   * @throws IllegalArgumentException when the value does not open as this endpoint's client secret;
   *     the message never contains the value
   */
  public String openClientSecret(String endpointId, String sealed) {
    return shared.openClientSecret(endpointId, sealed);
  }

  /** Seals the PEM private key of the endpoint's TLS client certificate (decision 0044). */
  public String sealClientKey(String endpointId, String privateKeyPem) {
    return shared.sealClientKey(endpointId, privateKeyPem);
  }

  /**
   * @throws IllegalArgumentException when the value does not open as this endpoint's client key;
   *     the message never contains the value
   */
  public String openClientKey(String endpointId, String sealed) {
    return shared.openClientKey(endpointId, sealed);
  }

  @Override
  public String toString() {
    return "SigningSecretSeal[***]";
  }
}
