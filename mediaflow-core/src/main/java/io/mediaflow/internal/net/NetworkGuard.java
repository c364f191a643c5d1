package io.mediaflow.internal.net;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.Violation;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Decides which servers an outgoing request may reach (SSRF): the host is resolved <em>once</em>,
 * every address it resolves to is classified ({@link AddressClass}), and anything but a public
 * address is refused unless allowed; cloud metadata addresses always are. What passes is a {@link
 * CheckedTarget}, and {@link SafeHttp} connects only to its addresses, so a second DNS answer (DNS
 * rebinding) is never used. Every hop of a redirect is checked again by the caller.
 */
public final class NetworkGuard {

  /** Resolves a host name to its addresses; replaced in tests. */
  @FunctionalInterface
  public interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  private final Set<AddressClass> allowedClasses;
  private final Predicate<InetAddress> allowedAddresses;
  private final Resolver resolver;

  /**
   * @param allowedClasses kinds of address allowed besides {@link AddressClass#PUBLIC}; {@link
   *     AddressClass#CLOUD_METADATA} is refused even when listed
   * @param allowedAddresses single addresses allowed whatever their kind (host allow-list), never a
   *     cloud metadata one
   */
  public NetworkGuard(
      Set<AddressClass> allowedClasses,
      Predicate<InetAddress> allowedAddresses,
      Resolver resolver) {
    this.allowedClasses = Set.copyOf(allowedClasses);
    this.allowedAddresses = Objects.requireNonNull(allowedAddresses, "allowedAddresses");
    this.resolver = Objects.requireNonNull(resolver, "resolver");
  }

  /**
   * Parses an {@code http(s)} URL.
   *
   * @param where the place of the URL, for messages ({@code inputs[1].source})
   * @throws ValidationException {@code UNSUPPORTED_SOURCE} for a malformed URL, another scheme or a
   *     URL without a host
   */
  public static URI parse(String url, String where) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw refused(
          where,
          ErrorCode.UNSUPPORTED_SOURCE,
          "\"" + url + "\" is not a valid URL",
          "check the URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw refused(
          where,
          ErrorCode.UNSUPPORTED_SOURCE,
          "\"" + url + "\" is not an http or https URL",
          "download sources over http or https only");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw refused(
          where, ErrorCode.UNSUPPORTED_SOURCE, "\"" + url + "\" has no host", "check the URL");
    }
    return uri;
  }

  /**
   * Resolves the host of {@code uri} once and checks every address it resolves to.
   *
   * @param uri a URL {@link #parse} accepted
   * @param redirectedFrom the URL that redirected here, named in the refusal; {@code null} for the
   *     first hop
   * @throws ValidationException {@code ADDRESS_NOT_ALLOWED} when any address is refused
   * @throws MediaFlowException {@code NETWORK} (retryable) when the host does not resolve
   */
  public CheckedTarget check(URI uri, String where, String redirectedFrom) {
    boolean tls = uri.getScheme().equalsIgnoreCase("https");
    String host = bare(uri.getHost());
    int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
    InetAddress[] addresses;
    try {
      addresses = resolver.resolve(host);
    } catch (UnknownHostException e) {
      throw new MediaFlowException(
          ErrorCode.NETWORK,
          where + ": the host \"" + host + "\" of " + uri + " cannot be resolved",
          "check the host name and the machine's DNS",
          true,
          e);
    }
    List<InetAddress> checked = new ArrayList<>();
    String via = redirectedFrom == null ? "" : " (redirected from " + redirectedFrom + ")";
    for (InetAddress a : addresses == null ? new InetAddress[0] : addresses) {
      AddressClass kind = AddressClass.of(a);
      if (kind == AddressClass.CLOUD_METADATA) {
        throw refused(
            where,
            ErrorCode.ADDRESS_NOT_ALLOWED,
            uri
                + via
                + " resolves to "
                + a.getHostAddress()
                + ", a cloud metadata address that jobs may never fetch from",
            "use a public URL; no option allows metadata addresses, which hand out the"
                + " machine's credentials");
      }
      if (kind != AddressClass.PUBLIC
          && !allowedClasses.contains(kind)
          && !allowedAddresses.test(a)) {
        throw refused(
            where,
            ErrorCode.ADDRESS_NOT_ALLOWED,
            uri
                + via
                + " resolves to "
                + a.getHostAddress()
                + ", a "
                + kind.name().toLowerCase(Locale.ROOT).replace('_', '-')
                + " address that jobs may not fetch from",
            "use a public URL, or allow the network explicitly"
                + " (--allow-private-network, MediaFlow.Builder.allowPrivateNetwork,"
                + " LocalRun.Builder.allowPrivateNetwork)");
      }
      checked.add(a);
    }
    if (checked.isEmpty()) {
      throw new MediaFlowException(
          ErrorCode.NETWORK,
          where + ": the host \"" + host + "\" of " + uri + " has no address",
          "check the host name and the machine's DNS",
          true,
          null);
    }
    return new CheckedTarget(uri, host, port, tls, checked);
  }

  /**
   * Scheme, host, port and path of a URL: what a message may show, never its query or user info,
   * which may hold a token.
   */
  public static String shown(URI uri) {
    return uri.getScheme()
        + "://"
        + uri.getHost()
        + (uri.getPort() >= 0 ? ":" + uri.getPort() : "")
        + (uri.getRawPath() == null ? "" : uri.getRawPath());
  }

  /** A host without the brackets of an IPv6 literal, lower-cased. */
  static String bare(String host) {
    String h =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    return h.toLowerCase(Locale.ROOT);
  }

  private static ValidationException refused(
      String where, ErrorCode code, String message, String suggestion) {
    return new ValidationException(new Violation(where, code, message, suggestion));
  }
}
