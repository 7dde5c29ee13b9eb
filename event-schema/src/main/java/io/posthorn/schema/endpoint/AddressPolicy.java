package io.posthorn.schema.endpoint;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * Which addresses a delivery may connect to: public unicast only, unless private networks are
 * allowed. Refused: loopback, unspecified, private (10/8, 172.16/12, 192.168/16, IPv6 ULA fc00::/7),
 * carrier-grade NAT 100.64/10, link-local (169.254/16 with the cloud metadata address
 * 169.254.169.254, fe80::/10), multicast, 0/8, benchmarking 198.18/15 and the reserved 240/4.
 * IPv4-mapped IPv6 addresses are judged as the IPv4 address they carry. The registry judges an
 * endpoint URL's addresses with it at registration; the worker again at connect time.
 */
public final class AddressPolicy {
  private AddressPolicy() {}

  /** Why the address is refused, or {@code null} when it is a public unicast address. */
  public static String refusal(InetAddress address) {
    if (address instanceof Inet4Address v4) {
      return ipv4Refusal(v4.getAddress());
    }
    if (address.isLoopbackAddress()) {
      return "loopback";
    }
    if (address.isAnyLocalAddress()) {
      return "unspecified";
    }
    byte[] b = address.getAddress();
    if (isMappedOrCompatibleV4(b)) {
      return ipv4Refusal(new byte[] {b[12], b[13], b[14], b[15]});
    }
    if (address.isLinkLocalAddress()) {
      return "link-local";
    }
    if (address.isMulticastAddress()) {
      return "multicast";
    }
    if (address.isSiteLocalAddress()) {
      return "private";
    }
    return (b[0] & 0xfe) == 0xfc ? "private (unique local)" : null;
  }

  private static String ipv4Refusal(byte[] b) {
    int first = b[0] & 0xff;
    int second = b[1] & 0xff;
    if (first == 0) {
      return "unspecified";
    }
    if (first == 127) {
      return "loopback";
    }
    if (first == 10 || first == 172 && second >= 16 && second <= 31 || first == 192 && second == 168) {
      return "private";
    }
    if (first == 169 && second == 254) {
      return (b[2] & 0xff) == 169 && (b[3] & 0xff) == 254 ? "cloud metadata" : "link-local";
    }
    if (first == 100 && second >= 64 && second <= 127) {
      return "carrier-grade NAT";
    }
    if (first == 198 && (second == 18 || second == 19)) {
      return "benchmarking";
    }
    if (first >= 224) {
      return first < 240 ? "multicast" : "reserved";
    }
    return null;
  }

  private static boolean isMappedOrCompatibleV4(byte[] b) {
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return (b[10] == (byte) 0xff && b[11] == (byte) 0xff) || (b[10] == 0 && b[11] == 0);
  }
}
