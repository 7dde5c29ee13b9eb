package io.posthorn.schema.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every spelling of a host the outside review tried, as okhttp hands it over ({@code
 * HttpUrl.host()}), with the verdict: the refusal's text, {@code allowed} for a public address,
 * {@code name} for a host name (judged when it resolves).
 */
class AddressPolicyTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      # ambiguous IPv4 spellings: refused outright, saying what they are read as
      2130706433        | 2130706433 is an ambiguous IPv4 spelling (a single number; read as 127.0.0.1): write the address as four decimal parts without leading zeros, a.b.c.d
      2852039166        | 2852039166 is an ambiguous IPv4 spelling (a single number; read as 169.254.169.254): write the address as four decimal parts without leading zeros, a.b.c.d
      127.1             | 127.1 is an ambiguous IPv4 spelling (only 2 parts; read as 127.0.0.1): write the address as four decimal parts without leading zeros, a.b.c.d
      127.0.1           | 127.0.1 is an ambiguous IPv4 spelling (only 3 parts; read as 127.0.0.1): write the address as four decimal parts without leading zeros, a.b.c.d
      0177.0.0.1        | 0177.0.0.1 is an ambiguous IPv4 spelling (leading zeros, octal to some software; read as 127.0.0.1 by inet_aton and browsers, as 177.0.0.1 by Java): write the address as four decimal parts without leading zeros, a.b.c.d
      127.0.0.01        | 127.0.0.01 is an ambiguous IPv4 spelling (leading zeros, octal to some software; read as 127.0.0.1): write the address as four decimal parts without leading zeros, a.b.c.d
      0x7f.0.0.1        | 0x7f.0.0.1 is an ambiguous IPv4 spelling (hexadecimal parts; read as 127.0.0.1): write the address as four decimal parts without leading zeros, a.b.c.d
      0x7f.1            | 0x7f.1 is an ambiguous IPv4 spelling (hexadecimal parts, only 2 parts; read as 127.0.0.1): write the address as four decimal parts without leading zeros, a.b.c.d
      0x7f000001        | 0x7f000001 is an ambiguous IPv4 spelling (hexadecimal parts, a single number; read as 127.0.0.1): write the address as four decimal parts without leading zeros, a.b.c.d
      127.0.0.1.        | 127.0.0.1. is an ambiguous IPv4 spelling (a trailing dot; read as 127.0.0.1): write the address as four decimal parts without leading zeros, a.b.c.d
      8.8.8.8.          | 8.8.8.8. is an ambiguous IPv4 spelling (a trailing dot; read as 8.8.8.8): write the address as four decimal parts without leading zeros, a.b.c.d
      0                 | 0 is an ambiguous IPv4 spelling (a single number; read as 0.0.0.0): write the address as four decimal parts without leading zeros, a.b.c.d
      1.2.3.4.5         | 1.2.3.4.5 ends in a number, so it is read as an IPv4 address, but it is not a valid one (at most four parts, each in range)
      256.0.0.1         | 256.0.0.1 ends in a number, so it is read as an IPv4 address, but it is not a valid one (at most four parts, each in range)
      4294967296        | 4294967296 ends in a number, so it is read as an IPv4 address, but it is not a valid one (at most four parts, each in range)
      hooks.example.123 | hooks.example.123 ends in a number, so it is read as an IPv4 address, but it is not a valid one (at most four parts, each in range)
      # IPv4 special-purpose blocks
      127.0.0.1         | 127.0.0.1 is in the loopback range 127.0.0.0/8
      0.0.0.0           | 0.0.0.0 is in the unspecified (this network) range 0.0.0.0/8
      0.1.2.3           | 0.1.2.3 is in the unspecified (this network) range 0.0.0.0/8
      10.0.0.1          | 10.0.0.1 is in the private range 10.0.0.0/8
      172.16.5.4        | 172.16.5.4 is in the private range 172.16.0.0/12
      172.31.255.255    | 172.31.255.255 is in the private range 172.16.0.0/12
      192.168.1.1       | 192.168.1.1 is in the private range 192.168.0.0/16
      100.64.0.1        | 100.64.0.1 is in the carrier-grade NAT range 100.64.0.0/10
      100.127.255.255   | 100.127.255.255 is in the carrier-grade NAT range 100.64.0.0/10
      169.254.169.254   | 169.254.169.254 is in the cloud metadata range 169.254.169.254/32
      169.254.1.1       | 169.254.1.1 is in the link-local range 169.254.0.0/16
      192.0.0.8         | 192.0.0.8 is in the IETF protocol assignments range 192.0.0.0/24
      192.0.2.10        | 192.0.2.10 is in the documentation (TEST-NET-1) range 192.0.2.0/24
      198.51.100.7      | 198.51.100.7 is in the documentation (TEST-NET-2) range 198.51.100.0/24
      203.0.113.9       | 203.0.113.9 is in the documentation (TEST-NET-3) range 203.0.113.0/24
      198.18.0.1        | 198.18.0.1 is in the benchmarking range 198.18.0.0/15
      198.19.255.1      | 198.19.255.1 is in the benchmarking range 198.18.0.0/15
      192.88.99.1       | 192.88.99.1 is in the 6to4 relay anycast range 192.88.99.0/24
      192.31.196.1      | 192.31.196.1 is in the AS112 anycast range 192.31.196.0/24
      224.0.0.1         | 224.0.0.1 is in the multicast range 224.0.0.0/4
      240.0.0.1         | 240.0.0.1 is in the reserved range 240.0.0.0/4
      255.255.255.255   | 255.255.255.255 is in the limited broadcast range 255.255.255.255/32
      # IPv6 special-purpose blocks
      ::1               | ::1 is in the loopback range ::1/128
      ::                | :: is in the unspecified range ::/128
      fe80::1           | fe80::1 is in the link-local range fe80::/10
      fd00:ec2::254     | fd00:ec2::254 is in the unique local (private) range fc00::/7
      fc00::1           | fc00::1 is in the unique local (private) range fc00::/7
      2001:db8::1       | 2001:db8::1 is in the documentation range 2001:db8::/32
      3fff::1           | 3fff::1 is in the documentation range 3fff::/20
      64:ff9b:1::a9fe:a9fe | 64:ff9b:1::a9fe:a9fe is in the local-use NAT64 range 64:ff9b:1::/48
      100::1            | 100::1 is in the discard-only range 100::/64
      2001:2::1         | 2001:2::1 is in the IETF protocol assignments range 2001::/23
      ff02::1           | ff02::1 is in the multicast range ff00::/8
      fec0::1           | fec0::1 is in the site-local (deprecated) range fec0::/10
      ::ffff:0:7f00:1   | ::ffff:0:7f00:1 is in the reserved range outside 2000::/3
      # IPv4 carried in IPv6: judged as that IPv4 address
      ::ffff:127.0.0.1  | 127.0.0.1 is in the loopback range 127.0.0.0/8
      ::ffff:10.0.0.1   | 10.0.0.1 is in the private range 10.0.0.0/8
      ::127.0.0.1       | ::7f00:1 carries 127.0.0.1 (IPv4-compatible), which is in the loopback range 127.0.0.0/8
      64:ff9b::7f00:1   | 64:ff9b::7f00:1 carries 127.0.0.1 (NAT64), which is in the loopback range 127.0.0.0/8
      64:ff9b::a9fe:a9fe | 64:ff9b::a9fe:a9fe carries 169.254.169.254 (NAT64), which is in the cloud metadata range 169.254.169.254/32
      2002:7f00:1::     | 2002:7f00:1:: carries 127.0.0.1 (6to4), which is in the loopback range 127.0.0.0/8
      2002:a9fe:a9fe::1 | 2002:a9fe:a9fe::1 carries 169.254.169.254 (6to4), which is in the cloud metadata range 169.254.169.254/32
      2001:0:808:808::80ff:fefe | 2001:0:808:808::80ff:fefe carries 127.0.1.1 (Teredo client), which is in the loopback range 127.0.0.0/8
      2001:0:a00:1::f7f7:f7f7 | 2001:0:a00:1::f7f7:f7f7 carries 10.0.0.1 (Teredo server), which is in the private range 10.0.0.0/8
      # public unicast and names
      93.184.216.34     | allowed
      8.8.8.8           | allowed
      172.32.0.1        | allowed
      100.128.0.1       | allowed
      192.0.3.1         | allowed
      2606:4700:4700::1111 | allowed
      64:ff9b::808:808  | allowed
      2002:808:808::1   | allowed
      2001:0:808:808::f7f7:f7f7 | allowed
      hooks.acme.example | name
      localhost         | name
      1password.com     | name
      example.com.      | name
      a0x1.example      | name
      """)
  void judgesEverySpellingAsOkhttpConnectsToIt(String host, String verdict) {
    assertThat(verdict(host)).isEqualTo(verdict);
  }

  private static String verdict(String host) {
    return switch (EndpointHost.parse(host)) {
      case EndpointHost.Ambiguous a -> a.reason();
      case EndpointHost.Literal l ->
          AddressPolicy.refusal(l.address()).map(AddressPolicy.Refusal::reason).orElse("allowed");
      case EndpointHost.Name n -> "name";
    };
  }
}
