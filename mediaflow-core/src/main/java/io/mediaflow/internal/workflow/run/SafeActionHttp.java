package io.mediaflow.internal.workflow.run;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.action.ActionHttp;
import io.mediaflow.internal.net.CheckedTarget;
import io.mediaflow.internal.net.HttpFailure;
import io.mediaflow.internal.net.NetworkGuard;
import io.mediaflow.internal.net.SafeHttp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * {@link ActionHttp} over mediaflow's one HTTP client: every hop is checked by the {@link
 * NetworkGuard} (SSRF: resolved once, private and metadata addresses refused unless allowed) and
 * sent by {@link SafeHttp} to exactly the checked addresses; redirects of {@code GET} and {@code
 * HEAD} are followed (each hop checked again), others are returned as they are; the body {@link
 * #send} reads is capped, the one {@link #open} streams is the caller's to bound. Every response
 * header is handed back.
 */
public final class SafeActionHttp implements ActionHttp {

  /** Most redirects followed. */
  public static final int MAX_REDIRECTS = 5;

  /** Most bytes of a response body read by default: 8 MiB. */
  public static final long DEFAULT_MAX_BODY_BYTES = 8L << 20;

  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE");

  private final NetworkGuard guard;
  private final SafeHttp http;
  private final long maxBodyBytes;
  private final BooleanSupplier cancelled;
  private final String where;

  /**
   * @param cancelled asked while an exchange runs (thread-safe): the run's or the node's stop
   * @param where the node, for messages
   */
  public SafeActionHttp(
      NetworkGuard guard,
      SafeHttp http,
      long maxBodyBytes,
      BooleanSupplier cancelled,
      String where) {
    this.guard = Objects.requireNonNull(guard, "guard");
    this.http = Objects.requireNonNull(http, "http");
    this.maxBodyBytes = maxBodyBytes;
    this.cancelled = Objects.requireNonNull(cancelled, "cancelled");
    this.where = Objects.requireNonNull(where, "where");
  }

  @Override
  public Response send(Request request) {
    try (Streamed response = open(request)) {
      return new Response(
          response.status(), response.headers(), read(response.body(), response.uri()));
    }
  }

  /**
   * Sends the request, following redirects of {@code GET} and {@code HEAD} (each hop checked
   * again), and returns the response whose head arrived; its body is read from the connection. A
   * {@code Range} header goes as given and a {@code 206} comes back as it is.
   */
  @Override
  public Streamed open(Request request) {
    Objects.requireNonNull(request, "request");
    String method = request.method().toUpperCase(Locale.ROOT);
    if (!METHODS.contains(method)) {
      throw new MediaFlowException(
          ErrorCode.INVALID_VALUE,
          where + ": HTTP method '" + request.method() + "' is not supported",
          "use one of " + METHODS);
    }
    URI uri = NetworkGuard.parse(request.uri().toString(), where);
    SafeHttp.Stop stop =
        new SafeHttp.Stop(cancelled, System.nanoTime() + request.timeout().toNanos());
    boolean follows = method.equals("GET") || method.equals("HEAD");
    for (int hop = 0; ; hop++) {
      CheckedTarget target = guard.check(uri, where, hop == 0 ? null : request.uri().toString());
      SafeHttp.Response response;
      try {
        response =
            http.send(
                new SafeHttp.Request(method, target, request.headers(), request.body()), stop);
      } catch (HttpFailure e) {
        throw failure(e, uri);
      }
      int status = response.status();
      String location = response.header("Location").orElse(null);
      if (follows && status >= 300 && status < 400 && status != 304 && location != null) {
        response.close();
        if (hop >= MAX_REDIRECTS) {
          throw new MediaFlowException(
              ErrorCode.NETWORK,
              where + ": more than " + MAX_REDIRECTS + " redirects from " + request.uri(),
              "check the URL",
              false,
              null);
        }
        uri = NetworkGuard.parse(uri.resolve(location.trim()).toString(), where);
        continue;
      }
      return new Opened(response, uri);
    }
  }

  /** A response of mediaflow's client as an action sees it. */
  private static final class Opened implements Streamed {
    private final SafeHttp.Response response;
    private final URI uri;
    private final Map<String, List<String>> headers;

    Opened(SafeHttp.Response response, URI uri) {
      this.response = response;
      this.uri = uri;
      this.headers = response.headers();
    }

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
      return headers;
    }

    @Override
    public long contentLength() {
      return response.contentLength();
    }

    @Override
    public InputStream body() {
      return response.body();
    }

    @Override
    public void close() {
      response.close();
    }
  }

  private byte[] read(InputStream in, URI uri) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    try {
      int n;
      while ((n = in.read(buf)) >= 0) {
        if (out.size() + (long) n > maxBodyBytes) {
          throw new MediaFlowException(
              ErrorCode.NETWORK,
              where + ": the response of " + uri + " is larger than " + maxBodyBytes + " bytes",
              "ask for less, or download large files with a media or download action",
              false,
              null);
        }
        out.write(buf, 0, n);
      }
    } catch (HttpFailure e) {
      throw failure(e, uri);
    } catch (IOException e) {
      throw failure(new HttpFailure(HttpFailure.Kind.FAILED, e.getMessage(), e), uri);
    }
    return out.toByteArray();
  }

  private MediaFlowException failure(HttpFailure e, URI uri) {
    if (e.kind() == HttpFailure.Kind.CANCELLED) {
      return new MediaFlowException(
          ErrorCode.CANCELLED, where + ": the request to " + uri + " was stopped", "", false, e);
    }
    return new MediaFlowException(
        ErrorCode.NETWORK,
        where + ": " + uri + ": " + e.getMessage(),
        "check that the server is reachable",
        e.kind().retryable(),
        e);
  }
}
