package io.posthorn.schema.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressPolicyTest {
  @ParameterizedTest
  @CsvSource({
      "127.0.0.1, loopback", "::1, loopback", "0.0.0.0, unspecified", "10.0.0.1, private",
      "172.16.5.4, private", "172.31.255.255, private", "192.168.1.1, private", "169.254.169.254, cloud metadata",
      "169.254.1.1, link-local", "fe80::1, link-local", "fd00:ec2::254, private (unique local)",
      "100.64.0.1, carrier-grade NAT", "198.18.0.1, benchmarking", "224.0.0.1, multicast", "240.0.0.1, reserved",
      "::ffff:10.0.0.1, private", "::ffff:169.254.169.254, cloud metadata"})
  void refusesNonPublicAddressesNamingTheRange(String address, String range) throws UnknownHostException {
    assertThat(AddressPolicy.refusal(InetAddress.getByName(address))).isEqualTo(range);
  }

  @ParameterizedTest
  @CsvSource({"93.184.216.34", "172.32.0.1", "100.128.0.1", "8.8.8.8", "2606:4700:4700::1111"})
  void allowsPublicUnicast(String address) throws UnknownHostException {
    assertThat(AddressPolicy.refusal(InetAddress.getByName(address))).isNull();
  }

  @Test
  void aDecimalIpv4HostStillResolvesToLoopbackAndIsRefused() throws UnknownHostException {
    assertThat(AddressPolicy.refusal(InetAddress.getByName("2130706433"))).isEqualTo("loopback");
  }
}
