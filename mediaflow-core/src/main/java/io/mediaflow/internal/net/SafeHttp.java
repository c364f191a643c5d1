package io.mediaflow.internal.net;

import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLContext;

/**
 * mediaflow's one HTTP client: one exchange with a server the {@link NetworkGuard} checked, on a
 * connection of its own that goes to exactly the checked addresses. It follows no redirect (the
 * caller checks each hop and decides), sends no cookies and no credentials, uses no proxy, asks for
 * and decodes no compression, and stops within {@link #STOP_LATENCY} once told to.
 *
 * <p>Downloads use it today ({@link SafeDownloader}); outgoing webhooks and the {@code
 * http.request} action are meant to use it too, which is why it speaks of requests and responses
 * rather than of files. Made by {@link #create}; the implementation is Apache HttpClient 5 (see
 * docs/decisions.md).
 */
public interface SafeHttp {

  /** The longest an exchange goes on after its {@link Stop} said so, while the server is silent. */
  Duration STOP_LATENCY = Duration.ofMillis(250);

  /**
   * Sends {@code request} and returns the response once its head arrived; the body is read from
   * {@link Response#body()}. Any status is returned, redirects and errors included.
   *
   * @throws HttpFailure when no response head arrived: the connection was refused or timed out, TLS
   *     failed, the server closed or went silent, answered something that is not HTTP, or {@code
   *     stop} said to stop ({@link HttpFailure.Kind#CANCELLED}, {@link HttpFailure.Kind#DEADLINE})
   */
  Response send(Request request, Stop stop) throws HttpFailure;

  /** A client with these limits; cheap to keep, nothing to close. */
  static SafeHttp create(Settings settings) {
    return new ApacheSafeHttp(settings);
  }

  /**
   * A client that keeps up to {@code keepIdle} connections alive between exchanges (for a few
   * seconds each), for callers that send many requests to the same servers (outgoing webhooks).
   * Each request is still checked by its caller's {@link NetworkGuard} first; a kept connection is
   * reused only by a request whose check gave exactly the addresses it was opened to, on the same
   * scheme, host and port, and only after an exchange whose response body was read to its end.
   * Nothing to close: idle connections are closed by a shared timer once their time is up.
   */
  static SafeHttp keepingConnections(Settings settings, int keepIdle) {
    return new ApacheSafeHttp(settings, keepIdle);
  }

  /**
   * How a client connects.
   *
   * @param connectTimeout the longest wait for a connection
   * @param readTimeout the longest silence: in the TLS handshake, waiting for the head, or for the
   *     next bytes of the body
   * @param tls the trust for https; {@code null} for the JVM's default ({@code javax.net.ssl.*}
   *     system properties included), as before
   */
  record Settings(Duration connectTimeout, Duration readTimeout, SSLContext tls) {
    public Settings {
      Objects.requireNonNull(connectTimeout, "connectTimeout");
      Objects.requireNonNull(readTimeout, "readTimeout");
    }
  }

  /**
   * One request.
   *
   * @param method {@code GET}, {@code HEAD}, {@code POST}, …
   * @param headers extra header fields; {@code Host}, {@code User-Agent}, {@code Connection} and
   *     {@code Accept-Encoding: identity} are set by the client
   * @param body sent as it is with its length; empty for none (as for webhooks and the {@code
   *     http.request} action)
   */
  record Request(String method, CheckedTarget target, Map<String, String> headers, byte[] body) {

    /** Header fields only the client sets: they decide where and how the bytes go. */
    private static final Set<String> CLIENT_FIELDS =
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

    public Request {
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(target, "target");
      headers = Map.copyOf(headers);
      body = body == null ? new byte[0] : body.clone();
      for (String name : headers.keySet()) {
        if (CLIENT_FIELDS.contains(name.toLowerCase(Locale.ROOT))) {
          throw new IllegalArgumentException(
              name + " is set by the client and may not be given; given " + headers);
        }
      }
    }

    /** A request without a body. */
    public Request(String method, CheckedTarget target, Map<String, String> headers) {
      this(method, target, headers, new byte[0]);
    }

    public static Request get(CheckedTarget target) {
      return new Request("GET", target, Map.of());
    }

    @Override
    public byte[] body() {
      return body.clone();
    }
  }

  /**
   * When an exchange must stop: once {@code cancelled} answers true (asked before every read and at
   * least every {@link #STOP_LATENCY} while the server is silent, from another thread, so it must
   * be thread-safe), or at {@code deadline} (a {@link System#nanoTime()} value).
   */
  record Stop(BooleanSupplier cancelled, long deadline) {
    public Stop {
      Objects.requireNonNull(cancelled, "cancelled");
    }

    /** Never cancelled, with no deadline to speak of. */
    public static Stop never() {
      return new Stop(() -> false, System.nanoTime() + Duration.ofDays(365).toNanos());
    }
  }

  /** A response whose head has arrived. Close it: that also closes its connection. */
  interface Response extends AutoCloseable {

    int status();

    String reason();

    /** The first value of a header field, by case-insensitive name. */
    Optional<String> header(String name);

    /**
     * Every header field of the response head, by lower-case name, each with all its values in the
     * order received.
     */
    Map<String, List<String>> headers();

    /**
     * The declared {@code Content-Length}, or -1 for a chunked body or one that runs to the close.
     */
    long contentLength();

    /**
     * The body, read once. Its reads throw {@link HttpFailure}: {@link HttpFailure.Kind#TRUNCATED}
     * when the server closed before the body's end, {@link HttpFailure.Kind#SILENT}, {@link
     * HttpFailure.Kind#PROTOCOL} for a malformed chunked encoding, {@link
     * HttpFailure.Kind#CANCELLED} and {@link HttpFailure.Kind#DEADLINE}.
     */
    InputStream body();

    /** Closes the connection without reading the rest of the body; never throws. */
    @Override
    void close();
  }
}
