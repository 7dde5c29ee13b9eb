package io.posthorn.schema.endpoint;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * Which addresses a delivery may connect to: public unicast only, unless private networks are
 * allowed. Refused: every block of the IANA special-purpose registries (loopback, unspecified,
 * private, carrier-grade NAT, link-local with the cloud metadata address 169.254.169.254, IETF
 * protocol assignments 192.0.0.0/24, the TEST-NETs and 2001:db8::/32, benchmarking, AS112, unique
 * local fc00::/7, …), multicast, reserved space, and IPv6 outside global unicast 2000::/3 (see
 * {@link SpecialRanges}). An IPv6 address that carries an IPv4 address (IPv4-mapped {@code
 * ::ffff:0:0/96}, IPv4-compatible {@code ::/96}, NAT64 {@code 64:ff9b::/96}, 6to4 {@code
 * 2002::/16}, Teredo {@code 2001::/32}) is judged as that IPv4 address.
 *
 * <p>One judgement for the registry (at registration) and the worker (at connect time, for literals
 * and for what names resolve to). How the host is spelled is judged first, by {@link EndpointHost}.
 */
public final class AddressPolicy {
  private AddressPolicy() {}

  /** Why an address is refused: the block it (or the IPv4 address it carries) lies in. */
  public record Refusal(
      String address, String range, String block, String embedded, String embeddedBy) {
    /**
     * For example {@code 127.0.0.1 is in the loopback range 127.0.0.0/8}, or {@code 2002:7f00:1::
     * carries 127.0.0.1 (6to4), which is in the loopback range 127.0.0.0/8}.
     */
    public String reason() {
      return address + " " + clause();
    }

    /** {@link #reason()} without the address: {@code is in the loopback range 127.0.0.0/8}. */
    public String clause() {
      String where = "the " + range + " range " + block;
      return embedded == null
          ? "is in " + where
          : "carries " + embedded + " (" + embeddedBy + "), which is in " + where;
    }
  }

  /** Why {@code address} is refused, or empty when it is public unicast. */
  public static Optional<Refusal> refusal(InetAddress address) {
    byte[] b = address.getAddress();
    String text = text(address);
    if (address instanceof Inet4Address || isZeros(b, 0, 15)) { // IPv4, or :: and ::1
      return judge(text, b, null);
    }
    if (isZeros(b, 0, 10) && (b[10] & b[11] & 0xff) == 0xff) {
      return judge(text, slice(b, 12), "IPv4-mapped");
    }
    if (isZeros(b, 0, 12)) {
      return judge(text, slice(b, 12), "IPv4-compatible");
    }
    if (startsWith(b, 0x00, 0x64, 0xff, 0x9b) && isZeros(b, 4, 12)) {
      return judge(text, slice(b, 12), "NAT64");
    }
    if (startsWith(b, 0x20, 0x02)) {
      return judge(text, slice(b, 2), "6to4");
    }
    if (startsWith(b, 0x20, 0x01, 0x00, 0x00)) {
      byte[] client = slice(b, 12);
      for (int i = 0; i < 4; i++) {
        client[i] = (byte) ~client[i]; // Teredo stores the client's address inverted
      }
      Optional<Refusal> c = judge(text, client, "Teredo client");
      return c.isPresent() ? c : judge(text, slice(b, 4), "Teredo server");
    }
    return judge(text, b, null);
  }

  private static Optional<Refusal> judge(String text, byte[] address, String embeddedBy) {
    return SpecialRanges.of(address)
        .map(
            block ->
                new Refusal(
                    text,
                    block.label(),
                    block.cidr(),
                    embeddedBy == null ? null : dotted(address),
                    embeddedBy));
  }

  /** Compressed lower-case text for IPv6 (as okhttp writes it), dotted for IPv4. */
  static String text(InetAddress address) {
    byte[] b = address.getAddress();
    if (b.length == 4) {
      return dotted(b);
    }
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = (b[2 * i] & 0xff) << 8 | b[2 * i + 1] & 0xff;
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLength - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(groups[i]));
    }
    return out.toString();
  }

  private static String dotted(byte[] b) {
    return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
  }

  private static byte[] slice(byte[] b, int from) {
    return new byte[] {b[from], b[from + 1], b[from + 2], b[from + 3]};
  }

  private static boolean isZeros(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean isLoopback(byte[] b) {
    return isZeros(b, 0, 15) && b[15] == 1;
  }

  private static boolean startsWith(byte[] b, int... prefix) {
    for (int i = 0; i < prefix.length; i++) {
      if ((b[i] & 0xff) != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
