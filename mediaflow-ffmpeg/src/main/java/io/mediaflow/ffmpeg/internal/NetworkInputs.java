package io.mediaflow.ffmpeg.internal;

import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.plan.Invocation;
import io.mediaflow.api.plan.InvocationInput;
import java.util.List;
import java.util.Locale;

/**
 * Inputs FFmpeg reads over the network: an {@code http(s)} URL a storage signed for an input the
 * spec streams. Only such an input's own {@code -protocol_whitelist} names network protocols (every
 * other input keeps {@code file,pipe}), and its query, which holds the signature, is cut from
 * whatever mediaflow shows: messages, and FFmpeg's own error text.
 */
public final class NetworkInputs {

  /** The protocols an {@code https} input may use: TLS over TCP, nothing else. */
  static final String HTTPS_PROTOCOLS = "https,tls,tcp";

  /** The protocols of a plain {@code http} input (a store whose endpoint is {@code http}). */
  static final String HTTP_PROTOCOLS = "http,tcp";

  private NetworkInputs() {}

  /** Whether {@code location} is an {@code http(s)} URL rather than a local path. */
  public static boolean isUrl(String location) {
    String l = location.toLowerCase(Locale.ROOT);
    return l.startsWith("https://") || l.startsWith("http://");
  }

  /**
   * The protocol options of an input at {@code location}: its {@code -protocol_whitelist}, and for
   * a URL {@code -max_redirects 0}, so FFmpeg connects only to the host the network guard checked.
   */
  static List<String> options(String location) {
    return isUrl(location)
        ? List.of("-protocol_whitelist", protocols(location), "-max_redirects", "0")
        : List.of("-protocol_whitelist", CommandBuilder.PROTOCOL_WHITELIST);
  }

  /** The {@code -protocol_whitelist} of an input at {@code location}. */
  static String protocols(String location) {
    if (!isUrl(location)) {
      return CommandBuilder.PROTOCOL_WHITELIST;
    }
    return location.toLowerCase(Locale.ROOT).startsWith("https://")
        ? HTTPS_PROTOCOLS
        : HTTP_PROTOCOLS;
  }

  /** A URL without its query and fragment: what a message may show. */
  public static String shown(String location) {
    int cut = location.length();
    for (char c : new char[] {'?', '#'}) {
      int i = location.indexOf(c);
      if (i >= 0) {
        cut = Math.min(cut, i);
      }
    }
    return location.substring(0, cut);
  }

  /** The locations of {@code invocation}'s inputs that are URLs. */
  static List<String> urls(Invocation invocation) {
    return invocation.inputs().stream()
        .map(InvocationInput::location)
        .filter(NetworkInputs::isUrl)
        .toList();
  }

  /** {@code text} with the query of every URL input of {@code locations} cut out. */
  public static String redact(String text, Iterable<String> locations) {
    String out = text;
    for (String location : locations) {
      if (!isUrl(location)) {
        continue;
      }
      String shown = shown(location);
      if (shown.length() < location.length()) {
        out = out.replace(location, shown);
        out = out.replace(location.substring(shown.length()), "");
      }
    }
    return out;
  }

  /**
   * {@code e} with the queries of {@code invocation}'s URL inputs cut from its message (FFmpeg's
   * error text names the URL it failed to open); {@code e} itself when it names none.
   */
  public static MediaFlowException redact(MediaFlowException e, Invocation invocation) {
    List<String> urls = urls(invocation);
    String detail = e.detail();
    String clean = redact(detail, urls);
    String suggestion = redact(e.suggestion(), urls);
    if (clean.equals(detail) && suggestion.equals(e.suggestion())) {
      return e;
    }
    // not chained: the cause's message holds the signature
    return new MediaFlowException(e.code(), clean, suggestion, e.retryable(), null);
  }
}
