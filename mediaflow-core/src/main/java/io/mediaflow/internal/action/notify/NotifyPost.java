package io.mediaflow.internal.action.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.action.ActionContext;
import io.mediaflow.api.action.ActionHttp;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the HTTP notify actions share: their URL and header checks, the JSON body, one POST through
 * the action's SSRF-guarded client, and how a refusing answer becomes an error.
 */
final class NotifyPost {

  /** One JSON writer for the notify bodies. */
  static final ObjectMapper JSON = new ObjectMapper();

  /** The most characters of a refusing answer quoted in an error. */
  static final int QUOTED = 200;

  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}");

  private NotifyPost() {}

  /** The URL, or what is wrong with it; the message never repeats it (it may hold a token). */
  static Optional<String> urlProblem(String text) {
    try {
      URI uri = new URI(text.trim());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
        return Optional.of("must be an absolute http or https address");
      }
      if (uri.getHost() == null) {
        return Optional.of("has no host name");
      }
      return Optional.empty();
    } catch (URISyntaxException e) {
      return Optional.of("is not a valid address: " + e.getReason());
    }
  }

  /** The parsed URL. */
  static URI uri(String action, String text) {
    urlProblem(text)
        .ifPresent(
            p -> {
              throw new MediaFlowException(
                  NotifyErrors.NOTIFY_URL_INVALID,
                  action + ": the url " + p,
                  "give an address such as https://example.com/hooks/mediaflow");
            });
    return URI.create(text.trim());
  }

  /** Scheme, host, port and path, no query, no user: what a summary may show. */
  static String shown(URI uri) {
    return io.mediaflow.internal.net.NetworkGuard.shown(uri);
  }

  /** Scheme and host only, for URLs whose path is the secret (incoming webhooks of chat tools). */
  static String hostOnly(URI uri) {
    return uri.getScheme()
        + "://"
        + uri.getHost()
        + (uri.getPort() >= 0 ? ":" + uri.getPort() : "")
        + "/…";
  }

  /**
   * The extra headers a node asks for, checked: names are tokens, values have no line break, and
   * none of {@code reserved} (compared without case) is set by the node.
   */
  static Map<String, String> headers(String action, Map<String, Object> raw, Set<String> reserved) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : raw.entrySet()) {
      String name = e.getKey();
      Object value = e.getValue();
      String problem = null;
      if (!TOKEN.matcher(name).matches()) {
        problem = "header name \"" + printable(name) + "\" is not an HTTP token";
      } else if (reserved.contains(name.toLowerCase(Locale.ROOT))) {
        problem = "header " + name + " is set by the action itself";
      } else if (!(value instanceof String
          || value instanceof Number
          || value instanceof Boolean)) {
        problem = "header " + name + " must be a string";
      } else if (value.toString().chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
        problem = "header " + name + " has a line break in its value";
      }
      if (problem != null) {
        throw new MediaFlowException(
            NotifyErrors.NOTIFY_HEADER_INVALID,
            action + ": " + problem,
            "give headers as {\"Name\": \"value\"} with one-line values; the action sets "
                + String.join(", ", reserved.stream().sorted().toList())
                + " itself");
      }
      out.put(name, value.toString());
    }
    return out;
  }

  /** A value's JSON text, as UTF-8. */
  static byte[] json(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a JSON value: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * POSTs a JSON body; the answer, whatever its status. A failure of the exchange keeps its code,
   * with the URL in its message written as {@code shown}: the full URL may hold a token.
   */
  static ActionHttp.Response post(
      ActionContext ctx,
      URI uri,
      String shown,
      Map<String, String> headers,
      byte[] body,
      Duration timeout) {
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.put("Content-Type", "application/json");
    try {
      return ctx.http().send(new ActionHttp.Request("POST", uri, all, body, timeout));
    } catch (MediaFlowException e) {
      String full = uri.toString();
      if (!e.detail().contains(full) && !e.suggestion().contains(full)) {
        throw e;
      }
      throw new MediaFlowException(
          e.code(),
          e.detail().replace(full, shown),
          e.suggestion().replace(full, shown),
          e.retryable(),
          null);
    }
  }

  /**
   * A non-2xx answer as an error: retryable for 408, 429 and 5xx, where a later attempt may pass.
   */
  static MediaFlowException rejected(
      ErrorCode code, String action, String shownUrl, ActionHttp.Response r) {
    int s = r.status();
    boolean retryable = s == 408 || s == 429 || s >= 500;
    String text = printable(r.text().strip());
    if (text.length() > QUOTED) {
      text = text.substring(0, QUOTED) + "…";
    }
    return new MediaFlowException(
        code,
        action + ": " + shownUrl + " answered HTTP " + s + (text.isEmpty() ? "" : ": " + text),
        retryable
            ? "the receiver may be busy or down; the node's retry policy may try again"
            : "check the address and what the receiver expects; trying again will not help",
        retryable,
        null);
  }

  /** Control characters written as {@code \\uXXXX}, so an answer cannot garble a log line. */
  static String printable(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      b.append(Character.isISOControl(c) ? String.format("\\u%04X", (int) c) : String.valueOf(c));
    }
    return b.toString();
  }
}
