package io.posthorn.schema.endpoint;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An endpoint URL's host, read the way the worker's HTTP client connects to it. Feed it the host as
 * okhttp canonicalises it ({@code HttpUrl.host()}: IPv6 without brackets, an IPv4-mapped IPv6
 * address already as dotted IPv4); okhttp connects to any host made of digits and dots without
 * asking the DNS, so every IPv4 spelling is read here first:
 *
 * <ul>
 *   <li>four decimal parts without leading zeros ({@code 127.0.0.1}) or an IPv6 address: a {@link
 *       Literal}, judged by {@link AddressPolicy#refusal};
 *   <li>any other spelling that ends in a number ({@code 2130706433}, {@code 127.1}, {@code
 *       0177.0.0.1}, {@code 0x7f.0.0.1}, {@code 127.0.0.1.}, {@code 1.2.3.4.5}): {@link Ambiguous},
 *       refused outright, whatever the network policy, because software disagrees on what it means
 *       (Java reads {@code 0177.0.0.1} as 177.0.0.1, inet_aton and browsers as 127.0.0.1);
 *   <li>anything else: a {@link Name}, whose addresses are judged when it is resolved.
 * </ul>
 */
public sealed interface EndpointHost {
  /**
   * A host name: each address it resolves to is judged at registration and again at connect time.
   */
  record Name(String host) implements EndpointHost {}

  /** An IP address written the one unambiguous way; no lookup happens for it. */
  record Literal(String host, InetAddress address) implements EndpointHost {}

  /** A spelling that software reads differently, or an address that is not one. */
  record Ambiguous(String host, String reason) implements EndpointHost {}

  /** Reads {@code host} without any DNS lookup. */
  static EndpointHost parse(String host) {
    if (host.indexOf(':') >= 0) {
      return ipv6(host);
    }
    return Ipv4Spelling.endsInNumber(host) ? Ipv4Spelling.read(host) : new Name(host);
  }

  private static EndpointHost ipv6(String host) {
    String bare =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (bare.indexOf('%') >= 0) {
      return new Ambiguous(
          host, host + " carries an IPv6 zone, which only names an interface of this machine");
    }
    try {
      // Brackets make the JDK parse a literal or fail; it never looks a bracketed host up.
      return new Literal(host, InetAddress.getByName("[" + bare + "]"));
    } catch (UnknownHostException e) {
      return new Ambiguous(host, host + " is not a valid IPv6 address");
    }
  }
}
