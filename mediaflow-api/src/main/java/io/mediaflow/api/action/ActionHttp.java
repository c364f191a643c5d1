package io.mediaflow.api.action;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The HTTP client an action gets from {@link ActionContext#http()}: guarded against SSRF (loopback,
 * private, link-local and cloud-metadata addresses are refused unless the host allowed them; every
 * redirect is checked again), with timeouts and a cap on the response size. Actions never open
 * their own connections.
 *
 * <p>{@link #send} reads a whole (small) response; {@link #open} streams one, for a body that goes
 * to a file, and hands back every response header. A {@code Range} header is sent as given and a
 * {@code 206 Partial Content} answer returned as it is, so a caller can resume a download.
 */
public interface ActionHttp {

  /**
   * Sends a request and reads the whole response.
   *
   * @throws io.mediaflow.api.MediaFlowException with a code saying why the target was refused (an
   *     address not allowed) or the exchange failed (timeout, too large, connection), retryable
   *     where a later attempt may succeed
   */
  Response send(Request request);

  /**
   * Sends a request and returns once the response head has arrived; the body is read from {@link
   * Streamed#body()} as it comes, with no cap but the caller's (close the response when done).
   * Redirects of {@code GET} and {@code HEAD} are followed like {@link #send}'s, each hop checked
   * again; the request's timeout bounds the whole exchange, body included, and a cancel of the
   * action stops a read that is waiting.
   *
   * <p>The default reads the whole response with {@link #send} (so its cap applies) and streams it
   * from memory; mediaflow's own client streams from the connection.
   *
   * @throws io.mediaflow.api.MediaFlowException as {@link #send}; reads of the body throw {@link
   *     java.io.IOException} when the exchange breaks, is cancelled or runs out of time
   */
  default Streamed open(Request request) {
    return Streamed.of(send(request), request.uri());
  }

  /**
   * A request.
   *
   * @param method {@code GET}, {@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE} or {@code
   *     HEAD}
   * @param uri an {@code http} or {@code https} address
   * @param headers sent as given; values of headers that carry secrets are masked in logs
   * @param body empty for none
   * @param timeout for the whole exchange
   */
  record Request(
      String method, URI uri, Map<String, String> headers, byte[] body, Duration timeout) {

    public Request {
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(uri, "uri");
      headers = Map.copyOf(headers);
      body = body == null ? new byte[0] : body.clone();
      Objects.requireNonNull(timeout, "timeout");
    }

    /** A GET with no headers and a 30 s timeout. */
    public static Request get(URI uri) {
      return new Request("GET", uri, Map.of(), new byte[0], Duration.ofSeconds(30));
    }

    @Override
    public byte[] body() {
      return body.clone();
    }
  }

  /**
   * A response.
   *
   * @param status the HTTP status
   * @param headers every header field received, by lower-case name, with all its values
   * @param body the bytes read (capped by the client)
   */
  record Response(int status, Map<String, List<String>> headers, byte[] body) {

    public Response {
      headers = Map.copyOf(headers);
      body = body == null ? new byte[0] : body.clone();
    }

    @Override
    public byte[] body() {
      return body.clone();
    }

    /** The body as UTF-8 text. */
    public String text() {
      return new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /**
   * A response whose head has arrived and whose body is read as it comes. Close it: that also
   * closes its connection.
   */
  interface Streamed extends AutoCloseable {

    /** The HTTP status. */
    int status();

    /** The address that answered: the request's, or the last redirect's. */
    URI uri();

    /** Every header field, by lower-case name, each with all its values in the order received. */
    Map<String, List<String>> headers();

    /** The first value of a header field, by case-insensitive name. */
    default Optional<String> header(String name) {
      List<String> values = headers().get(name.toLowerCase(Locale.ROOT));
      return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The declared {@code Content-Length}; -1 when the body is chunked or runs to the close. */
    long contentLength();

    /** The body, read once. */
    InputStream body();

    /** Closes the connection without reading the rest of the body; never throws. */
    @Override
    void close();

    /** A response read already, streamed from memory. */
    static Streamed of(Response response, URI uri) {
      Objects.requireNonNull(response, "response");
      Objects.requireNonNull(uri, "uri");
      byte[] body = response.body();
      return new Streamed() {
        private final InputStream in = new ByteArrayInputStream(body);

        @Override
        public int status() {
          return response.status();
        }

        @Override
        public URI uri() {
          return uri;
        }

        @Override
        public Map<String, List<String>> headers() {
          return response.headers();
        }

        @Override
        public long contentLength() {
          return body.length;
        }

        @Override
        public InputStream body() {
          return in;
        }

        @Override
        public void close() {
          // nothing is held
        }
      };
    }
  }
}
