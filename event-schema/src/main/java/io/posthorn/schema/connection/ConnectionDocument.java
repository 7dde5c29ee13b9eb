package io.posthorn.schema.connection;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the inbound gateway needs to know of a connection to answer its requests: how they are
 * signed, which addresses may send, how fast, and which event types they become. The registry
 * writes it (the secret sealed with {@link io.posthorn.schema.endpoint.SecretSeal#sealConnection}),
 * the gateway reads it ({@link ConnectionTable}).
 *
 * @param tenantId the owning tenant, or {@code null} for a global connection; the events carry it
 * @param eventTypePrefix the events' types are this, a dot, and the kind the request names
 * @param sealedSecret the verification secret, sealed for this connection id
 * @param tolerance how far a signed timestamp may be from the gateway's clock, either way
 * @param hmac the scheme of an {@link Provider#HMAC} connection; {@code null} for every other
 * @param allowCidrs addresses that may send, as CIDRs; empty = any
 * @param rateLimitPerSecond requests per second accepted, 0 = unlimited
 */
public record ConnectionDocument(
    String id,
    String tenantId,
    Provider provider,
    String eventTypePrefix,
    String sealedSecret,
    Duration tolerance,
    Hmac hmac,
    List<String> allowCidrs,
    int rateLimitPerSecond) {

  /** The default {@link #tolerance}: five minutes, as Stripe, Slack and Standard Webhooks use. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

  public ConnectionDocument {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(eventTypePrefix, "eventTypePrefix");
    Objects.requireNonNull(sealedSecret, "sealedSecret");
    Objects.requireNonNull(tolerance, "tolerance");
    allowCidrs = List.copyOf(allowCidrs);
    if ((provider == Provider.HMAC) != (hmac != null)) {
      throw new IllegalArgumentException("hmac settings belong to exactly the hmac provider");
    }
  }

  /**
   * A generic HMAC scheme: the signature in {@code header}, over the body (or {@code
   * <timestamp>.<body>} when {@code timestampHeader} is set), {@code prefix} before the encoded
   * digest.
   *
   * @param algorithm {@code SHA-256} or {@code SHA-512}
   * @param encoding {@code hex} or {@code base64}
   * @param prefix text before the digest in the header, e.g. {@code sha256=}; empty for none
   * @param timestampHeader the header holding the signed Unix time in seconds, or {@code null}
   * @param idHeader the header holding the sender's delivery id (de-duplication), or {@code null}
   */
  public record Hmac(
      String header,
      String algorithm,
      String encoding,
      String prefix,
      String timestampHeader,
      String idHeader) {
    public Hmac {
      Objects.requireNonNull(header, "header");
      Objects.requireNonNull(algorithm, "algorithm");
      Objects.requireNonNull(encoding, "encoding");
      prefix = prefix == null ? "" : prefix;
    }
  }

  @Override
  public String toString() {
    return "ConnectionDocument[" + id + ", " + provider.wireName() + "]";
  }
}
