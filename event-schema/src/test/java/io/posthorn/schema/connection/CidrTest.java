package io.posthorn.schema.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class CidrTest {
  private static InetAddress ip(String literal) throws Exception {
    return InetAddress.getByName(literal);
  }

  @Test
  void containsAddressesInsideTheBlock_upToItsEdges() throws Exception {
    Cidr github = Cidr.parse("192.30.252.0/22");

    assertThat(github.contains(ip("192.30.252.0"))).isTrue();
    assertThat(github.contains(ip("192.30.255.255"))).isTrue();
    assertThat(github.contains(ip("192.30.251.255"))).isFalse();
    assertThat(github.contains(ip("192.31.0.0"))).isFalse();
  }

  @Test
  void handlesIpv6_bareAddresses_andNeverMixesFamilies() throws Exception {
    assertThat(Cidr.parse("2001:db8::/32").contains(ip("2001:db8:ffff::1"))).isTrue();
    assertThat(Cidr.parse("2001:db8::/32").contains(ip("2001:db9::1"))).isFalse();
    assertThat(Cidr.parse("10.0.0.7").contains(ip("10.0.0.7"))).isTrue();
    assertThat(Cidr.parse("10.0.0.7").contains(ip("10.0.0.8"))).isFalse();
    assertThat(Cidr.parse("0.0.0.0/0").contains(ip("::1"))).isFalse();
  }

  @Test
  void refusesNamesAndBadPrefixes_withoutALookup() {
    assertThatThrownBy(() -> Cidr.parse("github.com/24"))
        .hasMessageContaining("not an IPv4 or IPv6 address");
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).hasMessageContaining("outside 0-32");
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/x")).hasMessageContaining("no prefix length");
  }
}
