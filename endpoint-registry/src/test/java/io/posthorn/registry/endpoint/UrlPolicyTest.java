package io.posthorn.registry.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posthorn.registry.InvalidInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Names resolve from src/test/resources/test-hosts (jdk.net.hosts.file), never from DNS. */
class UrlPolicyTest {
  private static final String FOUR_PARTS =
      "write the address as four decimal parts without leading zeros, a.b.c.d";

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      https://127.1/in             | url host 127.1 is an ambiguous IPv4 spelling (only 2 parts; read as 127.0.0.1): FOUR
      https://127.0.1/in           | url host 127.0.1 is an ambiguous IPv4 spelling (only 3 parts; read as 127.0.0.1): FOUR
      https://2130706433/in        | url host 2130706433 is an ambiguous IPv4 spelling (a single number; read as 127.0.0.1): FOUR
      https://2852039166/          | url host 2852039166 is an ambiguous IPv4 spelling (a single number; read as 169.254.169.254): FOUR
      https://0177.0.0.1/          | url host 0177.0.0.1 is an ambiguous IPv4 spelling (leading zeros, octal to some software; read as 127.0.0.1 by inet_aton and browsers, as 177.0.0.1 by Java): FOUR
      https://0x7f.0.0.1/          | url host 0x7f.0.0.1 is an ambiguous IPv4 spelling (hexadecimal parts; read as 127.0.0.1): FOUR
      https://127.0.0.1./          | url host 127.0.0.1. is an ambiguous IPv4 spelling (a trailing dot; read as 127.0.0.1): FOUR
      https://1.2.3.4.5/           | url host 1.2.3.4.5 ends in a number, so it is read as an IPv4 address, but it is not a valid one (at most four parts, each in range)
      https://127.0.0.1/in         | url host 127.0.0.1 is in the loopback range 127.0.0.0/8, which endpoints may not use
      https://[::ffff:127.0.0.1]/  | url host 127.0.0.1 is in the loopback range 127.0.0.0/8, which endpoints may not use
      https://[::1]/               | url host ::1 is in the loopback range ::1/128, which endpoints may not use
      https://[64:ff9b::a9fe:a9fe]/ | url host 64:ff9b::a9fe:a9fe carries 169.254.169.254 (NAT64), which is in the cloud metadata range 169.254.169.254/32, which endpoints may not use
      https://[64:ff9b:1::7f00:1]/ | url host 64:ff9b:1::7f00:1 is in the local-use NAT64 range 64:ff9b:1::/48, which endpoints may not use
      https://[2002:7f00:1::]/     | url host 2002:7f00:1:: carries 127.0.0.1 (6to4), which is in the loopback range 127.0.0.0/8, which endpoints may not use
      https://[2001:0:808:808::80ff:fefe]/ | url host 2001:0:808:808::80ff:fefe carries 127.0.1.1 (Teredo client), which is in the loopback range 127.0.0.0/8, which endpoints may not use
      https://192.0.0.170/         | url host 192.0.0.170 is in the IETF protocol assignments range 192.0.0.0/24, which endpoints may not use
      https://192.0.2.1/           | url host 192.0.2.1 is in the documentation (TEST-NET-1) range 192.0.2.0/24, which endpoints may not use
      https://198.51.100.1/        | url host 198.51.100.1 is in the documentation (TEST-NET-2) range 198.51.100.0/24, which endpoints may not use
      https://203.0.113.1/         | url host 203.0.113.1 is in the documentation (TEST-NET-3) range 203.0.113.0/24, which endpoints may not use
      https://100.64.0.1/          | url host 100.64.0.1 is in the carrier-grade NAT range 100.64.0.0/10, which endpoints may not use
      https://198.18.0.1/          | url host 198.18.0.1 is in the benchmarking range 198.18.0.0/15, which endpoints may not use
      https://239.1.1.1/           | url host 239.1.1.1 is in the multicast range 224.0.0.0/4, which endpoints may not use
      https://[2001:db8::1]/       | url host 2001:db8::1 is in the documentation range 2001:db8::/32, which endpoints may not use
      https://[fd00::1]/           | url host fd00::1 is in the unique local (private) range fc00::/7, which endpoints may not use
      https://0.0.0.0/             | url host 0.0.0.0 is in the unspecified (this network) range 0.0.0.0/8, which endpoints may not use
      https://localhost:8443/in    | url host localhost resolves to 127.0.0.1, which is in the loopback range 127.0.0.0/8, which endpoints may not use
      https://metadata.acme.example/ | url host metadata.acme.example resolves to 169.254.169.254, which is in the cloud metadata range 169.254.169.254/32, which endpoints may not use
      https://hooks_acme.example/  | url host hooks_acme.example is not a valid host name (letters, digits, hyphens, dots)
      https:///in                  | url must have a host name
      """)
  void refusesEverySpellingOfANonPublicAddressSayingWhy(String url, String detail) {
    assertThatThrownBy(() -> UrlPolicy.check(url, false, false))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(detail.replace("FOUR", FOUR_PARTS));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://127.1/",
        "https://2130706433/",
        "https://0x7f.0.0.1/",
        "https://127.0.0.1./"
      })
  void refusesAmbiguousSpellingsEvenWherePrivateNetworksAreAllowed(String url) {
    assertThatThrownBy(() -> UrlPolicy.check(url, true, true))
        .hasMessageContaining("is an ambiguous IPv4 spelling");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://hooks.acme.example/in",
        "https://93.184.216.34/",
        "https://[2606:4700::1111]/",
        "https://[64:ff9b::808:808]/",
        "https://HOOKS.acme.example:8443/in?x=1"
      })
  void acceptsPublicHosts(String url) {
    assertThat(UrlPolicy.check(url, false, false)).hasToString(url);
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.1:8080/in", "https://[::1]/", "https://10.0.0.1/"})
  void privateAddressesPassWhereAllowed(String url) {
    assertThat(UrlPolicy.check(url, true, true)).hasToString(url);
  }
}
