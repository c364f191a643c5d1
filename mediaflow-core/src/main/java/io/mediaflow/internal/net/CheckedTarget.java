package io.mediaflow.internal.net;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * A URL whose host was resolved once and whose every address passed the {@link NetworkGuard}: the
 * only thing {@link SafeHttp} connects to. Only the guard makes one (the constructor is
 * package-private), so no code path can reach a server without the check.
 */
public final class CheckedTarget {

  private final URI uri;
  private final String host;
  private final int port;
  private final boolean tls;
  private final List<InetAddress> addresses;

  CheckedTarget(URI uri, String host, int port, boolean tls, List<InetAddress> addresses) {
    this.uri = Objects.requireNonNull(uri, "uri");
    this.host = Objects.requireNonNull(host, "host");
    this.port = port;
    this.tls = tls;
    this.addresses = List.copyOf(addresses);
    if (this.addresses.isEmpty()) {
      throw new IllegalArgumentException("a checked target has at least one address");
    }
  }

  /** The URL as given, user info and fragment included (for messages). */
  public URI uri() {
    return uri;
  }

  /** The host name (or address literal, without brackets) that TLS verifies. */
  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  public boolean tls() {
    return tls;
  }

  /** The checked addresses, in the resolver's order: the only ones a connection may go to. */
  public List<InetAddress> addresses() {
    return addresses;
  }

  /**
   * The URL a request is sent to: scheme, host, port, path and query; never the user info (a URL's
   * {@code user:password@} is not sent as credentials, as before) nor the fragment.
   */
  URI requestUri() {
    String h = uri.getHost(); // keeps the brackets of an IPv6 literal
    StringBuilder s = new StringBuilder(uri.getScheme().toLowerCase(java.util.Locale.ROOT));
    s.append("://").append(h);
    if (uri.getPort() >= 0) {
      s.append(':').append(uri.getPort());
    }
    String path = uri.getRawPath();
    s.append(path == null || path.isEmpty() ? "/" : path);
    if (uri.getRawQuery() != null) {
      s.append('?').append(uri.getRawQuery());
    }
    return URI.create(s.toString());
  }

  @Override
  public String toString() {
    return uri + " at " + addresses;
  }
}
