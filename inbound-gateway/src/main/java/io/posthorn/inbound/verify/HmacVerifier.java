package io.posthorn.inbound.verify;

import io.posthorn.schema.connection.ConnectionDocument;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * A generic HMAC scheme ({@link ConnectionDocument.Hmac}): the header holds {@code prefix} and the
 * digest, hex or base64, of HMAC-SHA-256 or -512 keyed with the secret's UTF-8 bytes over the body,
 * or over {@code "<timestamp>.<body>"} when a timestamp header is named (and then within the
 * tolerance). Delivery id: the named id header's value, else none.
 */
final class HmacVerifier implements Verifier {
  private final byte[] key;
  private final ConnectionDocument.Hmac scheme;
  private final String algorithm;
  private final boolean hex;
  private final Clock clock;
  private final Duration tolerance;

  HmacVerifier(String secret, ConnectionDocument.Hmac scheme, Clock clock, Duration tolerance) {
    this.key = Hmacs.utf8(secret);
    this.scheme = scheme;
    this.algorithm = algorithm(scheme.algorithm());
    this.hex = encoding(scheme.encoding());
    this.clock = clock;
    this.tolerance = tolerance;
  }

  /** {@code HmacSHA256} for {@code SHA-256}, {@code HmacSHA512} for {@code SHA-512}. */
  static String algorithm(String name) {
    return switch (name.toUpperCase(Locale.ROOT)) {
      case "SHA-256", "SHA256" -> "HmacSHA256";
      case "SHA-512", "SHA512" -> "HmacSHA512";
      default -> throw new IllegalArgumentException("algorithm must be SHA-256 or SHA-512");
    };
  }

  /** {@code true} for hex, {@code false} for base64. */
  static boolean encoding(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "hex" -> true;
      case "base64" -> false;
      default -> throw new IllegalArgumentException("encoding must be hex or base64");
    };
  }

  @Override
  public Verdict verify(InboundRequest request) {
    String given = request.header(scheme.header()).orElse(null);
    if (given == null) {
      return Verdict.missing(scheme.header());
    }
    if (!given.startsWith(scheme.prefix())) {
      return Verdict.malformed(scheme.header());
    }
    byte[] mac;
    if (scheme.timestampHeader() != null) {
      String timestamp = request.header(scheme.timestampHeader()).orElse(null);
      if (timestamp == null) {
        return Verdict.missing(scheme.timestampHeader());
      }
      Optional<Verdict.Refused> stale =
          SignedTime.judge(scheme.timestampHeader(), timestamp, clock, tolerance);
      if (stale.isPresent()) {
        return stale.get();
      }
      mac = Hmacs.mac(algorithm, key, Hmacs.utf8(timestamp + "."), request.body());
    } else {
      mac = Hmacs.mac(algorithm, key, request.body());
    }
    String digest = given.substring(scheme.prefix().length()).strip();
    boolean matched =
        hex
            ? Hmacs.same(HexFormat.of().formatHex(mac), digest.toLowerCase(Locale.ROOT))
            : Hmacs.same(Base64.getEncoder().encodeToString(mac), digest);
    String id = scheme.idHeader() == null ? null : request.header(scheme.idHeader()).orElse(null);
    return matched ? new Verdict.Verified(id) : Verdict.badSignature(scheme.header());
  }
}
