package io.posthorn.schema.connection;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * An address block of a connection's allow-list, {@code 192.30.252.0/22} or {@code 2001:db8::/32}
 * (a bare address is a block of one). The registry parses it to refuse a bad entry naming it; the
 * gateway to judge a client address. Never resolves a name.
 */
public record Cidr(byte[] network, int prefix) {
  private static final Pattern IPV4 = Pattern.compile("^\\d{1,3}(\\.\\d{1,3}){3}$");
  private static final Pattern IPV6 = Pattern.compile("^[0-9A-Fa-f:.]+$");

  /**
   * @throws IllegalArgumentException when {@code text} is not an IPv4 or IPv6 address, optionally
   *     with a prefix length no longer than the address
   */
  public static Cidr parse(String text) {
    String t = text.strip();
    int slash = t.indexOf('/');
    String address = slash < 0 ? t : t.substring(0, slash);
    byte[] bytes = literal(address);
    int bits = bytes.length * 8;
    int prefix = bits;
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(t.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + text + "' has no prefix length after '/'");
      }
      if (prefix < 0 || prefix > bits) {
        throw new IllegalArgumentException("'" + text + "' has a prefix length outside 0-" + bits);
      }
    }
    return new Cidr(bytes, prefix);
  }

  /** Whether {@code address} lies in this block (an IPv4 address never in an IPv6 block). */
  public boolean contains(InetAddress address) {
    byte[] a = address.getAddress();
    if (a.length != network.length) {
      return false;
    }
    int full = prefix / 8;
    for (int i = 0; i < full; i++) {
      if (a[i] != network[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (a[full] & mask) == (network[full] & mask);
  }

  private static byte[] literal(String address) {
    boolean v4 = IPV4.matcher(address).matches();
    if (!v4 && !(address.contains(":") && IPV6.matcher(address).matches())) {
      throw new IllegalArgumentException("'" + address + "' is not an IPv4 or IPv6 address");
    }
    try {
      // A literal: getByName parses it without a lookup.
      return InetAddress.getByName(address).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + address + "' is not an IPv4 or IPv6 address");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cidr c && c.prefix == prefix && java.util.Arrays.equals(c.network, network);
  }

  @Override
  public int hashCode() {
    return 31 * java.util.Arrays.hashCode(network) + prefix;
  }

  @Override
  public String toString() {
    try {
      return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
