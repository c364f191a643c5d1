package io.mediaflow.internal.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The one list of cloud metadata addresses: the services on a cloud machine that hand out its
 * credentials, user data and network details to whoever asks from inside. A URL a job fetches must
 * never reach one, whatever the host allows ({@link AddressClass#CLOUD_METADATA}): most sit in
 * ranges some host may allow (unique local, shared, reserved), and Azure's is a public address.
 *
 * <p>An IPv4 address is also recognised inside an IPv6 one (IPv4-mapped {@code ::ffff:a.b.c.d},
 * IPv4-compatible {@code ::a.b.c.d}, NAT64 {@code 64:ff9b::a.b.c.d}, 6to4 and Teredo), as {@link
 * AddressClass} reads them.
 */
public final class CloudMetadata {

  /**
   * Every address, with the clouds that answer on it. Sources: each provider's documentation of its
   * instance metadata service.
   */
  public static final List<InetAddress> ADDRESSES =
      List.of(
          // AWS, GCP, Azure, Oracle, DigitalOcean, OpenStack, Hetzner, IBM, Huawei, Linode, Vultr
          address("169.254.169.254"),
          address("fd00:ec2::254"), // AWS instance metadata over IPv6 (Nitro)
          address("169.254.170.2"), // AWS ECS task metadata and credentials
          address("169.254.170.23"), // AWS EKS Pod Identity agent
          address("fd00:ec2::23"), // AWS EKS Pod Identity agent over IPv6
          address("fd20:ce::254"), // Google Cloud metadata server over IPv6
          address("168.63.129.16"), // Azure WireServer and host agent: a public address
          address("100.100.100.200"), // Alibaba Cloud
          address("192.0.0.192"), // Oracle Cloud (legacy)
          address("fd00:c1::a9fe:a9fe"), // Oracle Cloud over IPv6
          address("fe80::a9fe:a9fe"), // OpenStack over IPv6
          address("169.254.0.23"), // Tencent Cloud
          address("169.254.42.42")); // Scaleway

  private static final Set<Integer> V4 = new HashSet<>();
  private static final Set<String> V6 = new HashSet<>();

  static {
    for (InetAddress a : ADDRESSES) {
      if (a instanceof Inet4Address) {
        V4.add(toInt(a.getAddress()));
      } else {
        V6.add(Arrays.toString(a.getAddress()));
      }
    }
  }

  private CloudMetadata() {}

  /** Whether {@code address} is a metadata address, also as IPv4 inside IPv6. */
  public static boolean contains(InetAddress address) {
    byte[] b = address.getAddress();
    if (b.length == 4) {
      return V4.contains(toInt(b));
    }
    if (V6.contains(Arrays.toString(b))) {
      return true;
    }
    byte[] embedded = AddressClass.embeddedV4(b);
    return embedded != null && V4.contains(toInt(embedded));
  }

  private static int toInt(byte[] v4) {
    return ((v4[0] & 0xff) << 24) | ((v4[1] & 0xff) << 16) | ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
  }

  private static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal); // a literal: parsed, never looked up
    } catch (UnknownHostException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
