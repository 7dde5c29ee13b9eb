package io.posthorn.schema.endpoint;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a host that ends in a number as an IPv4 address, every way software does: inet_aton and URL
 * parsers in browsers (one to four parts, each decimal, octal with a leading {@code 0} or
 * hexadecimal with {@code 0x}; the last part fills the remaining bytes) and Java, which okhttp uses
 * for any host of digits and dots (one to four decimal parts, leading zeros ignored). Only four
 * decimal parts without leading zeros mean the same to all of them.
 */
final class Ipv4Spelling {
  private Ipv4Spelling() {}

  /**
   * True when URL parsers take {@code host} for an IPv4 address: it is made of digits and dots
   * (okhttp's rule), or its last label (before one trailing dot) is a decimal or {@code 0x} number
   * (the WHATWG URL standard's rule).
   */
  static boolean endsInNumber(String host) {
    if (!host.isEmpty() && host.chars().allMatch(c -> c == '.' || c >= '0' && c <= '9')) {
      return true;
    }
    String trimmed = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    String last = trimmed.substring(trimmed.lastIndexOf('.') + 1);
    return !last.isEmpty() && (isDigits(last) || isHexPrefixed(last) && isHex(last.substring(2)));
  }

  static EndpointHost read(String host) {
    boolean trailingDot = host.endsWith(".") && host.length() > 1;
    String body = trailingDot ? host.substring(0, host.length() - 1) : host;
    String[] parts = body.split("\\.", -1);
    List<String> oddities = new ArrayList<>();
    Long inetAton = inetAton(parts, oddities);
    Long java = trailingDot ? null : javaReading(parts);
    if (inetAton == null) {
      return new EndpointHost.Ambiguous(
          host,
          host
              + " ends in a number, so it is read as an IPv4 address, but it is "
              + "not a valid one (at most four parts, each in range)");
    }
    if (trailingDot) {
      oddities.add("a trailing dot");
    }
    if (parts.length < 4) {
      oddities.add(parts.length == 1 ? "a single number" : "only " + parts.length + " parts");
    }
    if (oddities.isEmpty()) {
      return new EndpointHost.Literal(host, address(inetAton));
    }
    String reading =
        java == null || java.equals(inetAton)
            ? "read as " + dotted(inetAton)
            : "read as "
                + dotted(inetAton)
                + " by inet_aton and browsers, as "
                + dotted(java)
                + " by Java";
    return new EndpointHost.Ambiguous(
        host,
        host
            + " is an ambiguous IPv4 spelling ("
            + String.join(", ", oddities)
            + "; "
            + reading
            + "): write the address as four decimal parts without leading zeros, a.b.c.d");
  }

  /** The inet_aton reading, noting hexadecimal and octal parts; null when it is not an address. */
  private static Long inetAton(String[] parts, List<String> oddities) {
    if (parts.length > 4) {
      return null;
    }
    long value = 0;
    boolean hex = false;
    boolean octal = false;
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i];
      long part;
      if (isHexPrefixed(p)) {
        hex = true;
        part = number(p.substring(2), 16);
      } else if (p.length() > 1 && p.charAt(0) == '0') {
        octal = true;
        part = number(p.substring(1), 8);
      } else {
        part = number(p, 10);
      }
      boolean last = i == parts.length - 1;
      long max = last ? (1L << (8 * (5 - parts.length))) - 1 : 255;
      if (part < 0 || part > max) {
        return null;
      }
      value = last ? value << (8 * (5 - parts.length)) | part : value << 8 | part;
    }
    if (hex) {
      oddities.add("hexadecimal parts");
    }
    if (octal) {
      oddities.add("leading zeros, octal to some software");
    }
    return value;
  }

  /** Java's reading (decimal parts only, one to four of them); null when Java would not read it. */
  private static Long javaReading(String[] parts) {
    long value = 0;
    for (int i = 0; i < parts.length; i++) {
      if (!isDigits(parts[i])) {
        return null;
      }
      long part = number(parts[i], 10);
      boolean last = i == parts.length - 1;
      long max = last ? (1L << (8 * (5 - parts.length))) - 1 : 255;
      if (part < 0 || part > max) {
        return null;
      }
      value = last ? value << (8 * (5 - parts.length)) | part : value << 8 | part;
    }
    return value;
  }

  /**
   * The value of {@code digits} in {@code radix}, or -1 when it is not such a number or too long.
   */
  private static long number(String digits, int radix) {
    if (digits.isEmpty()) {
      return radix == 16 ? 0 : -1; // "0x" alone is zero to URL parsers
    }
    if (digits.length() > 12
        || !digits.chars().allMatch(c -> c < 128 && Character.digit(c, radix) >= 0)) {
      return -1;
    }
    return Long.parseLong(digits, radix);
  }

  private static boolean isDigits(String s) {
    return !s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  private static boolean isHexPrefixed(String s) {
    return s.length() >= 2 && s.charAt(0) == '0' && (s.charAt(1) == 'x' || s.charAt(1) == 'X');
  }

  private static boolean isHex(String s) {
    return s.chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 128);
  }

  private static String dotted(long v) {
    return (v >> 24 & 0xff) + "." + (v >> 16 & 0xff) + "." + (v >> 8 & 0xff) + "." + (v & 0xff);
  }

  private static InetAddress address(long v) {
    try {
      return InetAddress.getByAddress(
          new byte[] {(byte) (v >> 24), (byte) (v >> 16), (byte) (v >> 8), (byte) v});
    } catch (UnknownHostException e) {
      throw new IllegalStateException("four bytes are always an address", e);
    }
  }
}
