package io.posthorn.schema.endpoint;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * The address blocks no endpoint may reach unless private networks are allowed: every entry of the
 * IANA IPv4 and IPv6 Special-Purpose Address Registries (checked 2026-12), the cloud metadata
 * addresses, multicast, and for IPv6 everything outside global unicast {@code 2000::/3}. More
 * specific blocks come first. Blocks that embed an IPv4 address (IPv4-mapped and -compatible, NAT64
 * {@code 64:ff9b::/96}, 6to4, Teredo) are not listed: {@link AddressPolicy} judges the IPv4 address
 * they carry.
 */
final class SpecialRanges {
  private SpecialRanges() {}

  record Block(String cidr, String label, byte[] prefix, int bits) {
    boolean contains(byte[] address) {
      if (address.length != prefix.length) {
        return false;
      }
      int whole = bits / 8;
      for (int i = 0; i < whole; i++) {
        if (address[i] != prefix[i]) {
          return false;
        }
      }
      int rest = bits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = 0xff << (8 - rest) & 0xff;
      return (address[whole] & mask) == (prefix[whole] & mask);
    }
  }

  private static final List<Block> IPV4 =
      List.of(
          block("0.0.0.0/8", "unspecified (this network)"),
          block("10.0.0.0/8", "private"),
          block("100.64.0.0/10", "carrier-grade NAT"),
          block("127.0.0.0/8", "loopback"),
          block("169.254.169.254/32", "cloud metadata"),
          block("169.254.0.0/16", "link-local"),
          block(
              "168.63.129.16/32",
              "cloud metadata"), // Azure's wire server: public, but the platform's own
          block("172.16.0.0/12", "private"),
          block("192.0.0.0/24", "IETF protocol assignments"),
          block("192.0.2.0/24", "documentation (TEST-NET-1)"),
          block("192.31.196.0/24", "AS112 anycast"),
          block("192.52.193.0/24", "AMT anycast"),
          block("192.88.99.0/24", "6to4 relay anycast"),
          block("192.168.0.0/16", "private"),
          block("192.175.48.0/24", "AS112 anycast"),
          block("198.18.0.0/15", "benchmarking"),
          block("198.51.100.0/24", "documentation (TEST-NET-2)"),
          block("203.0.113.0/24", "documentation (TEST-NET-3)"),
          block("224.0.0.0/4", "multicast"),
          block("255.255.255.255/32", "limited broadcast"),
          block("240.0.0.0/4", "reserved"));

  private static final List<Block> IPV6 =
      List.of(
          block("::/128", "unspecified"),
          block("::1/128", "loopback"),
          block("64:ff9b:1::/48", "local-use NAT64"),
          block("100::/64", "discard-only"),
          block("100:0:0:1::/64", "dummy prefix"),
          block("2001:db8::/32", "documentation"),
          block("2001::/23", "IETF protocol assignments"),
          block("2620:4f:8000::/48", "AS112 anycast"),
          block("3fff::/20", "documentation"),
          block("5f00::/16", "SRv6 SIDs"),
          block("fc00::/7", "unique local (private)"),
          block("fe80::/10", "link-local"),
          block("fec0::/10", "site-local (deprecated)"),
          block("ff00::/8", "multicast"));

  private static final Block GLOBAL_UNICAST = block("2000::/3", "global unicast");

  /** The first special block {@code address} (4 or 16 bytes) lies in. */
  static Optional<Block> of(byte[] address) {
    List<Block> blocks = address.length == 4 ? IPV4 : IPV6;
    for (Block b : blocks) {
      if (b.contains(address)) {
        return Optional.of(b);
      }
    }
    if (address.length == 16 && !GLOBAL_UNICAST.contains(address)) {
      return Optional.of(new Block("outside 2000::/3", "reserved", GLOBAL_UNICAST.prefix, 3));
    }
    return Optional.empty();
  }

  private static Block block(String cidr, String label) {
    int slash = cidr.indexOf('/');
    String address = cidr.substring(0, slash);
    try {
      // A literal (brackets for IPv6): never a lookup.
      byte[] prefix =
          InetAddress.getByName(address.contains(":") ? "[" + address + "]" : address).getAddress();
      return new Block(cidr, label, prefix, Integer.parseInt(cidr.substring(slash + 1)));
    } catch (UnknownHostException e) {
      throw new IllegalStateException("bad block " + cidr, e);
    }
  }
}
