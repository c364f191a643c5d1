package io.mediaflow.internal.webhook.outbound;

import io.mediaflow.internal.net.CloudMetadata;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A registration's {@code allowedAddresses}: IP addresses and CIDR blocks ({@code 127.0.0.1},
 * {@code 10.0.0.0/8}, {@code ::1}, {@code fd00::/8}) the SSRF guard lets through although they are
 * private, loopback or link-local. Only literals are read: a host name is never resolved here.
 */
final class AddressAllowList implements Predicate<InetAddress> {

  /**
   * Four dotted numbers, or hex, dots and colons with a colon (IPv6): a literal, never a name that
   * {@link InetAddress#getByName} would look up.
   */
  private static final Pattern LITERAL =
      Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}|[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*");

  private final List<Block> blocks;

  private AddressAllowList(List<Block> blocks) {
    this.blocks = List.copyOf(blocks);
  }

  /** Reads every entry; entries that {@link #problem} refuses must have been reported before. */
  static AddressAllowList of(List<String> entries) {
    List<Block> blocks = new ArrayList<>(entries.size());
    for (String e : entries) {
      parse(e).ifPresent(blocks::add);
    }
    return new AddressAllowList(blocks);
  }

  /** What is wrong with one entry, for a person; empty when it is a usable address or block. */
  static Optional<String> problem(String entry) {
    Optional<Block> b = parse(entry);
    if (b.isEmpty()) {
      return Optional.of(
          "\""
              + entry
              + "\" is not an IP address or CIDR block such as 127.0.0.1, 10.0.0.0/8 or ::1");
    }
    if (b.get().bits == b.get().address.length * 8
        && CloudMetadata.contains(b.get().inetAddress())) {
      return Optional.of(
          entry + " is a cloud metadata address, which no webhook may reach whatever is allowed");
    }
    return Optional.empty();
  }

  @Override
  public boolean test(InetAddress a) {
    byte[] bytes = a.getAddress();
    for (Block b : blocks) {
      if (b.contains(bytes)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The address an IP literal ({@code 10.0.0.1}, {@code ::1}, {@code [::1]}) stands for; empty for
   * anything else, a host name included (never looked up).
   */
  static Optional<InetAddress> literal(String host) {
    String h =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (h.isEmpty() || !LITERAL.matcher(h).matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByName(h)); // a literal: no lookup
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  private static Optional<Block> parse(String entry) {
    String text = entry == null ? "" : entry.trim();
    int slash = text.indexOf('/');
    Optional<InetAddress> literal = literal(slash < 0 ? text : text.substring(0, slash));
    if (literal.isEmpty()) {
      return Optional.empty();
    }
    byte[] address = literal.get().getAddress();
    int max = address.length * 8;
    int bits = max;
    if (slash >= 0) {
      try {
        bits = Integer.parseInt(text.substring(slash + 1));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
      if (bits < 0 || bits > max) {
        return Optional.empty();
      }
    }
    return Optional.of(new Block(address, bits));
  }

  /** An address and how many of its leading bits a match must share. */
  private record Block(byte[] address, int bits) {
    boolean contains(byte[] other) {
      if (other.length != address.length) {
        return false;
      }
      int full = bits / 8;
      for (int i = 0; i < full; i++) {
        if (other[i] != address[i]) {
          return false;
        }
      }
      int rest = bits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xFF << (8 - rest)) & 0xFF;
      return (other[full] & mask) == (address[full] & mask);
    }

    InetAddress inetAddress() {
      try {
        return InetAddress.getByAddress(address);
      } catch (UnknownHostException e) {
        throw new IllegalStateException(e); // four or sixteen bytes always make an address
      }
    }
  }
}
