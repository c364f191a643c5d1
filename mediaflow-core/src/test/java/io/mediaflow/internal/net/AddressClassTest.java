package io.mediaflow.internal.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Literals only: {@link InetAddress#getByName} parses these without DNS. Java reads {@code
 * 2130706433} and {@code 127.1} as 127.0.0.1, like inet_aton; it does not read hex ({@code 0x7f.1})
 * and reads {@code 0177.0.0.1} as decimal 177.0.0.1, not octal. Either way the downloader
 * classifies the address Java resolved and connects to that same address, so no spelling can make
 * it connect somewhere other than what it checked.
 */
class AddressClassTest {

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
    "127.0.0.1, LOOPBACK",
    "127.255.255.254, LOOPBACK",
    "2130706433, LOOPBACK",
    "127.1, LOOPBACK",
    "::1, LOOPBACK",
    "::ffff:127.0.0.1, LOOPBACK",
    "::ffff:7f00:1, LOOPBACK",
    "::127.0.0.1, LOOPBACK",
    "64:ff9b::127.0.0.1, LOOPBACK",
    "2002:7f00:0001::, LOOPBACK",
    "10.0.0.1, PRIVATE",
    "10.255.255.255, PRIVATE",
    "172.16.0.1, PRIVATE",
    "172.31.255.255, PRIVATE",
    "192.168.1.1, PRIVATE",
    "::ffff:10.1.2.3, PRIVATE",
    "::ffff:192.168.0.1, PRIVATE",
    "2002:c0a8:0101::1, PRIVATE",
    "fec0::1, PRIVATE",
    "100.64.0.1, SHARED",
    "100.127.255.255, SHARED",
    "169.254.1.1, LINK_LOCAL",
    "::ffff:169.254.1.1, LINK_LOCAL",
    "169.254.169.254, CLOUD_METADATA",
    "::ffff:169.254.169.254, CLOUD_METADATA",
    "100.100.100.201, SHARED",
    "168.63.129.17, PUBLIC",
    "fe80::1, LINK_LOCAL",
    "febf::1, LINK_LOCAL",
    "fc00::1, UNIQUE_LOCAL",
    "fd12:3456:789a::1, UNIQUE_LOCAL",
    "0.0.0.0, UNSPECIFIED",
    "0.1.2.3, UNSPECIFIED",
    "::, UNSPECIFIED",
    "::ffff:0.0.0.0, UNSPECIFIED",
    "224.0.0.1, MULTICAST",
    "239.255.255.250, MULTICAST",
    "ff02::1, MULTICAST",
    "255.255.255.255, RESERVED",
    "240.0.0.1, RESERVED",
    "192.0.2.1, RESERVED",
    "198.18.0.1, RESERVED",
    "203.0.113.5, RESERVED",
    "2001:db8::1, RESERVED",
    "100::1, RESERVED",
    "2001:0:4136:e378:8000:63bf:80ff:fffe, LOOPBACK",
    "8.8.8.8, PUBLIC",
    "1.1.1.1, PUBLIC",
    "172.15.255.255, PUBLIC",
    "172.32.0.1, PUBLIC",
    "100.63.255.255, PUBLIC",
    "100.128.0.1, PUBLIC",
    "0177.0.0.1, PUBLIC",
    "::ffff:8.8.8.8, PUBLIC",
    "2606:4700:4700::1111, PUBLIC",
    "2a00:1450:4001:82a::200e, PUBLIC"
  })
  void classifies(String literal, AddressClass expected) throws Exception {
    assertThat(AddressClass.of(InetAddress.getByName(literal))).isEqualTo(expected);
  }

  /**
   * Every metadata address of every major cloud, and its IPv4 ones in each IPv6 disguise, is
   * classified first as metadata, whatever range it lies in (AWS's fd00:ec2::254 is unique local,
   * which the private network option allows; Azure's 168.63.129.16 is public).
   */
  @ParameterizedTest(name = "{0} is cloud metadata")
  @CsvSource({
    "169.254.169.254", // AWS, GCP, Azure, Oracle, DigitalOcean, OpenStack, ...
    "fd00:ec2::254", // AWS over IPv6
    "169.254.170.2", // AWS ECS
    "169.254.170.23", // AWS EKS Pod Identity
    "fd00:ec2::23",
    "fd20:ce::254", // GCP over IPv6
    "168.63.129.16", // Azure WireServer
    "100.100.100.200", // Alibaba
    "192.0.0.192", // Oracle
    "fd00:c1::a9fe:a9fe", // Oracle over IPv6
    "fe80::a9fe:a9fe", // OpenStack over IPv6
    "169.254.0.23", // Tencent
    "169.254.42.42", // Scaleway
    "::ffff:a9fe:a9fe", // mapped
    "::169.254.169.254", // compatible
    "::a9fe:a9fe",
    "64:ff9b::169.254.169.254", // NAT64
    "64:ff9b::a83f:8110", // NAT64 of 168.63.129.16
    "64:ff9b::100.100.100.200",
    "::ffff:168.63.129.16",
    "::192.0.0.192",
    "2002:a9fe:a9fe::1", // 6to4
    "FD00:EC2:0:0:0:0:0:254"
  })
  void every_cloud_metadata_address_in_every_form(String literal) throws Exception {
    InetAddress address = InetAddress.getByName(literal);

    assertThat(AddressClass.of(address)).isEqualTo(AddressClass.CLOUD_METADATA);
    assertThat(CloudMetadata.contains(address)).isTrue();
  }

  @Test
  void the_list_holds_ipv4_and_ipv6_addresses_and_each_is_metadata() {
    assertThat(CloudMetadata.ADDRESSES)
        .anyMatch(a -> a instanceof java.net.Inet4Address)
        .anyMatch(a -> a instanceof java.net.Inet6Address)
        .allMatch(a -> AddressClass.of(a) == AddressClass.CLOUD_METADATA);
  }
}
