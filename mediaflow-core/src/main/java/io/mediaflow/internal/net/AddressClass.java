package io.mediaflow.internal.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * What kind of network an address belongs to, for deciding whether a job may fetch from it. Every
 * kind but {@link #PUBLIC} is refused unless allowed, and {@link #CLOUD_METADATA} always.
 *
 * <p>IPv4 addresses hidden in IPv6 ones are classified by the IPv4 address: IPv4-mapped {@code
 * ::ffff:a.b.c.d} (Java already turns those into {@link Inet4Address}), IPv4-compatible {@code
 * ::a.b.c.d}, NAT64 {@code 64:ff9b::a.b.c.d}, 6to4 {@code 2002:AABB:CCDD::} and Teredo's client
 * address, so {@code ::ffff:127.0.0.1} is loopback like {@code 127.0.0.1}.
 */
public enum AddressClass {
  /** Reachable on the internet. */
  PUBLIC,
  /**
   * A cloud metadata service ({@link CloudMetadata}): never fetched from, whatever is allowed.
   * Checked before every other kind, since these addresses lie in several of them (link-local,
   * unique local, shared, reserved, even public).
   */
  CLOUD_METADATA,
  /** This machine: 127.0.0.0/8, ::1. */
  LOOPBACK,
  /** The local link, including cloud metadata services: 169.254.0.0/16, fe80::/10. */
  LINK_LOCAL,
  /** Private networks: 10/8, 172.16/12, 192.168/16, and the deprecated site-local fec0::/10. */
  PRIVATE,
  /** Carrier-grade NAT, shared address space: 100.64.0.0/10. */
  SHARED,
  /** IPv6 unique local addresses: fc00::/7. */
  UNIQUE_LOCAL,
  /** "This network" and the unspecified address: 0.0.0.0/8, ::. */
  UNSPECIFIED,
  /** Multicast: 224.0.0.0/4, ff00::/8. */
  MULTICAST,
  /**
   * Reserved, documentation and benchmarking ranges that no public server uses: 240.0.0.0/4 (with
   * the broadcast address), 192.0.0.0/24, 192.0.2.0/24, 198.18.0.0/15, 198.51.100.0/24,
   * 203.0.113.0/24, 100::/64, 2001:db8::/32.
   */
  RESERVED;

  /**
   * What {@code allowPrivateNetwork} allows (URL inputs, streamed inputs, workflow requests): every
   * local network but link-local.
   */
  public static final Set<AddressClass> PRIVATE_NETWORK =
      Collections.unmodifiableSet(EnumSet.of(LOOPBACK, PRIVATE, SHARED, UNIQUE_LOCAL));

  /** Classifies one address. */
  public static AddressClass of(InetAddress address) {
    if (CloudMetadata.contains(address)) {
      return CLOUD_METADATA;
    }
    if (address instanceof Inet4Address v4) {
      return ofV4(v4.getAddress());
    }
    byte[] b = address.getAddress();
    if (address.isLoopbackAddress()) {
      return LOOPBACK;
    }
    if (address.isAnyLocalAddress()) {
      return UNSPECIFIED;
    }
    int first = b[0] & 0xff;
    int second = b[1] & 0xff;
    if (first == 0xff) {
      return MULTICAST;
    }
    if (first == 0xfe && (second & 0xc0) == 0x80) {
      return LINK_LOCAL;
    }
    if (first == 0xfe && (second & 0xc0) == 0xc0) {
      return PRIVATE; // site-local, deprecated but still routed inside some networks
    }
    if ((first & 0xfe) == 0xfc) {
      return UNIQUE_LOCAL;
    }
    if (first == 0x20 && second == 0x01 && b[2] == 0x0d && (b[3] & 0xff) == 0xb8) {
      return RESERVED; // 2001:db8::/32, documentation
    }
    if (b[0] == 0x01 && b[1] == 0 && isZero(b, 2, 8)) {
      return RESERVED; // 100::/64, discard-only
    }
    byte[] embedded = embeddedV4(b);
    if (embedded != null) {
      return ofV4(embedded);
    }
    return PUBLIC;
  }

  /** The IPv4 address inside an IPv6 one, or null when there is none. */
  static byte[] embeddedV4(byte[] b) {
    if (isZero(b, 0, 12)) {
      return slice(b, 12); // IPv4-compatible ::a.b.c.d (:: and ::1 were handled before)
    }
    if (isZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
      return slice(b, 12); // IPv4-mapped, for addresses Java did not convert
    }
    if (b[0] == 0x00 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
      return slice(b, 12); // NAT64 64:ff9b::/96 (and the local-use 64:ff9b:1::/48)
    }
    if (b[0] == 0x20 && b[1] == 0x02) {
      return new byte[] {b[2], b[3], b[4], b[5]}; // 6to4 2002:AABB:CCDD::/48
    }
    if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0) {
      byte[] client = slice(b, 12); // Teredo: the client address, inverted
      for (int i = 0; i < 4; i++) {
        client[i] = (byte) ~client[i];
      }
      return client;
    }
    return null;
  }

  private static AddressClass ofV4(byte[] a) {
    int b0 = a[0] & 0xff;
    int b1 = a[1] & 0xff;
    int b2 = a[2] & 0xff;
    if (b0 == 127) {
      return LOOPBACK;
    }
    if (b0 == 0) {
      return UNSPECIFIED;
    }
    if (b0 == 10 || (b0 == 172 && (b1 & 0xf0) == 16) || (b0 == 192 && b1 == 168)) {
      return PRIVATE;
    }
    if (b0 == 169 && b1 == 254) {
      return LINK_LOCAL;
    }
    if (b0 == 100 && (b1 & 0xc0) == 64) {
      return SHARED;
    }
    if (b0 >= 224 && b0 <= 239) {
      return MULTICAST;
    }
    if (b0 >= 240
        || (b0 == 192 && b1 == 0 && (b2 == 0 || b2 == 2))
        || (b0 == 198 && (b1 & 0xfe) == 18)
        || (b0 == 198 && b1 == 51 && b2 == 100)
        || (b0 == 203 && b1 == 0 && b2 == 113)) {
      return RESERVED;
    }
    return PUBLIC;
  }

  private static boolean isZero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static byte[] slice(byte[] b, int from) {
    byte[] v4 = new byte[4];
    System.arraycopy(b, from, v4, 0, 4);
    return v4;
  }
}
