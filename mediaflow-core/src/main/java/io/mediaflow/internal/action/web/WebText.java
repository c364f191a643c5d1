package io.mediaflow.internal.action.web;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The small text rules of the web actions: how a URL is shown (never its user info or query, which
 * often carry tokens), which file name a URL gives, whether a content type matches a pattern, and
 * which request header fields a node may set.
 */
final class WebText {

  /** Header fields only the client sets; a node may not give them. */
  static final Set<String> CLIENT_FIELDS =
      Set.of(
          "host",
          "user-agent",
          "connection",
          "accept-encoding",
          "content-length",
          "transfer-encoding",
          "upgrade",
          "expect",
          "te",
          "proxy-authorization");

  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}");
  private static final int MAX_NAME = 200;

  private WebText() {}

  /**
   * A URL for summaries and messages: scheme, host, port and path; a query or user info is shown as
   * {@code ?…} or dropped, since tokens travel there.
   */
  static String display(String url) {
    try {
      URI u = new URI(url);
      if (u.getScheme() == null || u.getHost() == null) {
        return url.length() > 200 ? url.substring(0, 197) + "..." : url;
      }
      StringBuilder s = new StringBuilder(u.getScheme()).append("://").append(u.getHost());
      if (u.getPort() >= 0) {
        s.append(':').append(u.getPort());
      }
      s.append(u.getRawPath() == null ? "" : u.getRawPath());
      if (u.getRawQuery() != null) {
        s.append("?…");
      }
      return s.toString();
    } catch (java.net.URISyntaxException e) {
      return url.length() > 200 ? url.substring(0, 197) + "..." : url;
    }
  }

  /** The last segment of a URL's path, decoded and made a safe file name; empty when none. */
  static Optional<String> fileNameOf(URI uri) {
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    String last = path.substring(path.lastIndexOf('/') + 1);
    String decoded;
    try {
      decoded = URLDecoder.decode(last.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      decoded = last;
    }
    String safe = sanitise(decoded);
    return safe.isEmpty() ? Optional.empty() : Optional.of(safe);
  }

  /**
   * A name made one safe path segment: separators and control characters become {@code _}, leading
   * dots and dashes go (no hidden file, no option-like name, no {@code ..}), at most 200 chars.
   */
  static String sanitise(String name) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      s.append(c == '/' || c == '\\' || c == ':' || Character.isISOControl(c) ? '_' : c);
    }
    String t = s.toString().strip();
    int start = 0;
    while (start < t.length() && (t.charAt(start) == '.' || t.charAt(start) == '-')) {
      start++;
    }
    t = t.substring(start);
    return t.length() > MAX_NAME ? t.substring(t.length() - MAX_NAME) : t;
  }

  /** Whether {@code name} is one safe path segment as given ({@link #sanitise} leaves it). */
  static boolean isSafeName(String name) {
    return !name.isEmpty() && sanitise(name).equals(name);
  }

  /**
   * Whether a {@code Content-Type} value matches one of the patterns ({@code video/*}, {@code
   * application/json}, {@code *}{@code /*}); parameters such as {@code charset} are ignored, case
   * too. A response without a content type counts as {@code application/octet-stream}.
   */
  static boolean matches(String contentType, List<String> patterns) {
    String type = mediaType(contentType);
    for (String p : patterns) {
      String pattern = mediaType(p);
      if (pattern.equals("*/*") || pattern.equals("*") || pattern.equals(type)) {
        return true;
      }
      if (pattern.endsWith("/*") && type.startsWith(pattern.substring(0, pattern.length() - 1))) {
        return true;
      }
    }
    return false;
  }

  /** The type and subtype of a content type, lower-cased, without parameters. */
  static String mediaType(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return "application/octet-stream";
    }
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi))
        .strip()
        .toLowerCase(Locale.ROOT);
  }

  /** Whether a content type is JSON: {@code application/json} or any {@code +json}. */
  static boolean isJson(String contentType) {
    String t = mediaType(contentType);
    return t.equals("application/json") || t.endsWith("+json") || t.equals("text/json");
  }

  /** Why a request header field may not be given, or empty when it may. */
  static Optional<String> headerProblem(String name, Object value) {
    if (!TOKEN.matcher(name).matches()) {
      return Optional.of("\"" + name + "\" is not a valid header field name");
    }
    if (CLIENT_FIELDS.contains(name.toLowerCase(Locale.ROOT))) {
      return Optional.of(name + " is set by the client and may not be given");
    }
    if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
      return Optional.of("the value of " + name + " must be a string");
    }
    String text = value.toString();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
        return Optional.of("the value of " + name + " has a character a header may not hold");
      }
    }
    return Optional.empty();
  }
}
