package io.mediaflow.api.action;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The HTTP client an action gets from {@link ActionContext#http()}: guarded against SSRF (loopback,
 * private, link-local and cloud-metadata addresses are refused unless the host allowed them; every
 * redirect is checked again), with timeouts and a cap on the response size. Actions never open
 * their own connections.
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
   * @param headers by lower-case name
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
}
