package io.mediaflow.internal.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
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
    "169.254.169.254, LINK_LOCAL",
    "::ffff:169.254.169.254, LINK_LOCAL",
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
}
