package io.mediaflow.internal.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.mediaflow.api.store.ApiScope;
import io.mediaflow.api.store.StoredApiKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one handler of the HTTP server. For each request, in this order: the path is checked and
 * decoded, a CORS preflight answered (when CORS is on), the route found (404, 405), the key checked
 * (401, 403), the caller's rate limit taken (429), the body read within the size limit (413, 415)
 * and the deadline (408), the route called, and one log line written. Whatever goes wrong is
 * answered as a JSON error; nothing else reaches the client.
 */
public final class Dispatcher implements HttpHandler {

  /** The logger of the request lines: {@code GET /v1/jobs 200 3 ms key-…}. */
  static final Logger REQUESTS = LoggerFactory.getLogger("io.mediaflow.http.requests");

  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

  private static final String CORS_HEADERS = "Authorization, X-Api-Key, Content-Type";

  private final Router router;
  private final Function<String, Optional<StoredApiKey>> keys;
  private final RateLimits limits;
  private final long maxBodyBytes;
  private final Set<String> corsOrigins;
  private final AtomicLong ids = new AtomicLong();

  /**
   * @param keys the active key a presented key is, if any
   * @param corsOrigins the origins that may call from a browser page ({@code *} for any); empty for
   *     no CORS headers at all
   */
  public Dispatcher(
      Router router,
      Function<String, Optional<StoredApiKey>> keys,
      RateLimits limits,
      long maxBodyBytes,
      Set<String> corsOrigins) {
    this.router = router;
    this.keys = keys;
    this.limits = limits;
    this.maxBodyBytes = maxBodyBytes;
    this.corsOrigins = Set.copyOf(corsOrigins);
  }

  /** What one exchange learned on its way, for the answer and the log line. */
  private static final class State {
    String caller = "-";
    boolean headersSent;
    int status;
  }

  @Override
  public void handle(HttpExchange ex) {
    long start = System.nanoTime();
    Guard guard = Guard.current();
    State state = new State();
    String requestId = Long.toString(ids.incrementAndGet(), 36);
    guard.onExpire(() -> answerTimeout(ex, state));
    URI uri = ex.getRequestURI();
    try {
      Reply reply = dispatch(ex, guard, state);
      send(ex, guard, state, reply);
    } catch (Throwable t) {
      fail(ex, guard, state, t, requestId);
    } finally {
      long ms = (System.nanoTime() - start) / 1_000_000;
      REQUESTS.info(
          "{} {} {} {} ms {}",
          Printables.clip(ex.getRequestMethod()),
          RequestLog.target(uri.getRawPath(), uri.getRawQuery()),
          state.status == 0 ? "aborted" : Integer.toString(state.status),
          ms,
          state.caller);
      ex.close();
    }
  }

  private Reply dispatch(HttpExchange ex, Guard guard, State state) throws Exception {
    URI uri = ex.getRequestURI();
    String rawPath = uri.getRawPath();
    List<String> segments = Paths.segments(rawPath);
    Map<String, String> query = Paths.query(uri.getRawQuery());
    for (String name : query.keySet()) {
      if (RequestLog.isSecret(name)) {
        throw new HttpProblem(
            400,
            Problems.KEY_IN_QUERY,
            "secrets are not taken from the query string (" + Printables.clip(name) + ")",
            "?" + Printables.clip(name),
            "send the key in the Authorization: Bearer header (or X-Api-Key); a query string"
                + " ends up in logs and browser histories");
      }
    }
    String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
    Optional<String> origin = allowedOrigin(ex);
    if (method.equals("OPTIONS")
        && origin.isPresent()
        && ex.getRequestHeaders().containsKey("Access-Control-Request-Method")) {
      return Reply.noContent()
          .header("Access-Control-Allow-Methods", "GET, HEAD, POST, PUT, DELETE")
          .header("Access-Control-Allow-Headers", CORS_HEADERS)
          .header("Access-Control-Max-Age", "600");
    }
    Router.Match match = router.match(method, segments, rawPath);
    Route route = match.route();
    Optional<StoredApiKey> key = Optional.empty();
    if (route.scope().isPresent()) {
      key = Optional.of(authenticate(ex, route.scope().get()));
      state.caller = key.get().id();
    } else {
      InetSocketAddress remote = ex.getRemoteAddress();
      state.caller = "ip:" + (remote == null ? "?" : remote.getAddress().getHostAddress());
    }
    limits.acquire(state.caller);
    byte[] body = readBody(ex, route.body());
    if (!guard.answer()) {
      throw new IOException("the request deadline passed");
    }
    return route.handler().handle(new Call(ex, match.params(), query, key, body, guard));
  }

  private StoredApiKey authenticate(HttpExchange ex, ApiScope needed) {
    Headers h = ex.getRequestHeaders();
    String presented = null;
    String auth = h.getFirst("Authorization");
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      presented = auth.substring(7).strip();
    } else if (h.getFirst("X-Api-Key") != null) {
      presented = h.getFirst("X-Api-Key").strip();
    }
    if (presented == null || presented.isEmpty()) {
      throw new HttpProblem(
              401,
              Problems.UNAUTHORIZED,
              "this route needs an API key",
              "Authorization",
              "send Authorization: Bearer <key> (or X-Api-Key: <key>); an admin makes keys with"
                  + " POST /v1/api-keys or mediaflow serve prints the first one")
          .withHeader("WWW-Authenticate", "Bearer realm=\"mediaflow\"");
    }
    StoredApiKey key =
        keys.apply(presented)
            .orElseThrow(
                () ->
                    new HttpProblem(
                            401,
                            Problems.UNAUTHORIZED,
                            "the API key is unknown or revoked",
                            "Authorization",
                            "check the key; a revoked key stays refused, ask an admin for a new"
                                + " one")
                        .withHeader(
                            "WWW-Authenticate",
                            "Bearer realm=\"mediaflow\", error=\"invalid_token\""));
    if (!key.scope().includes(needed)) {
      throw new HttpProblem(
          403,
          Problems.FORBIDDEN,
          "the key "
              + key.id()
              + " has scope "
              + key.scope().name().toLowerCase(Locale.ROOT)
              + ", this route needs "
              + needed.name().toLowerCase(Locale.ROOT),
          "Authorization",
          "use a key with scope " + needed.name().toLowerCase(Locale.ROOT) + " or higher");
    }
    return key;
  }

  private byte[] readBody(HttpExchange ex, Route.Body kind) throws IOException {
    Headers h = ex.getRequestHeaders();
    String length = h.getFirst("Content-Length");
    boolean chunked = h.getFirst("Transfer-Encoding") != null;
    long declared = -1;
    if (length != null) {
      try {
        declared = Long.parseLong(length.strip());
      } catch (NumberFormatException e) {
        declared = -1;
      }
    }
    if (declared == 0 || (declared < 0 && !chunked)) {
      return new byte[0];
    }
    if (declared > maxBodyBytes) {
      throw tooLarge();
    }
    if (kind == Route.Body.JSON && !isJson(h.getFirst("Content-Type"))) {
      throw new HttpProblem(
          415,
          Problems.UNSUPPORTED_MEDIA_TYPE,
          "the body must be JSON but its Content-Type is "
              + Optional.ofNullable(h.getFirst("Content-Type"))
                  .map(Printables::clip)
                  .orElse("missing"),
          "Content-Type",
          "send Content-Type: application/json");
    }
    InputStream in = ex.getRequestBody();
    ByteArrayOutputStream out =
        new ByteArrayOutputStream((int) Math.max(0, Math.min(declared, 8192)));
    byte[] buf = new byte[8192];
    long total = 0;
    for (int n; (n = in.read(buf)) >= 0; ) {
      total += n;
      if (total > maxBodyBytes) {
        throw tooLarge();
      }
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  private HttpProblem tooLarge() {
    return new HttpProblem(
            413,
            Problems.BODY_TOO_LARGE,
            "the body is larger than the " + maxBodyBytes + " bytes this host accepts",
            "",
            "send a smaller document; the host's maxBodyBytes option sets the limit")
        .withHeader("Connection", "close");
  }

  private static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String t = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    return t.equals("application/json") || (t.startsWith("application/") && t.endsWith("+json"));
  }

  private Optional<String> allowedOrigin(HttpExchange ex) {
    if (corsOrigins.isEmpty()) {
      return Optional.empty();
    }
    String origin = ex.getRequestHeaders().getFirst("Origin");
    if (origin == null) {
      return Optional.empty();
    }
    if (corsOrigins.contains(origin) || corsOrigins.contains("*")) {
      return Optional.of(origin);
    }
    return Optional.empty();
  }

  private void headers(HttpExchange ex, Reply reply, Map<String, String> extra) {
    Headers out = ex.getResponseHeaders();
    if (reply.contentType() != null) {
      out.set("Content-Type", reply.contentType());
    }
    out.set("X-Content-Type-Options", "nosniff");
    out.set("Cache-Control", "no-store");
    allowedOrigin(ex)
        .ifPresent(
            o -> {
              out.set("Access-Control-Allow-Origin", o);
              out.set("Vary", "Origin");
              out.set("Access-Control-Expose-Headers", "Location, Retry-After");
            });
    extra.forEach(out::set);
  }

  private void send(HttpExchange ex, Guard guard, State state, Reply reply) throws IOException {
    if (!guard.answer()) {
      state.status = 408;
      return;
    }
    headers(ex, reply, reply.headers());
    state.headersSent = true;
    state.status = reply.status();
    if (reply.streamer() != null) {
      ex.sendResponseHeaders(reply.status(), 0);
      guard.streaming();
      try (OutputStream out = ex.getResponseBody()) {
        reply.streamer().stream(out);
      }
      return;
    }
    byte[] body = reply.body();
    boolean head = ex.getRequestMethod().equalsIgnoreCase("HEAD");
    if (body.length == 0 || head || reply.status() == 204) {
      ex.sendResponseHeaders(reply.status(), -1);
      return;
    }
    ex.sendResponseHeaders(reply.status(), body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  private void fail(HttpExchange ex, Guard guard, State state, Throwable t, String requestId) {
    if (guard.expired()) {
      state.status = 408;
      return;
    }
    if (state.headersSent) {
      // a stream whose client went away, or that was ended: nothing more to answer
      LOG.debug("request {} ended after its headers: {}", requestId, t.toString());
      return;
    }
    if (t instanceof IOException && !(t instanceof HttpProblem)) {
      LOG.debug("request {}: the connection failed: {}", requestId, t.toString());
      return;
    }
    ErrorAnswer a = ErrorAnswer.of(t, requestId);
    if (a.status() == 500) {
      LOG.error(
          "request {} ({} {}) failed",
          requestId,
          ex.getRequestMethod(),
          ex.getRequestURI().getRawPath(),
          t);
    }
    try {
      send(ex, guard, state, Reply.json(a.status(), a.body()).headersFrom(a.headers()));
    } catch (IOException | RuntimeException e) {
      LOG.debug("request {}: the error answer could not be sent: {}", requestId, e.toString());
    }
  }

  /** Runs on the deadline's timer while the handler's thread is blocked reading the request. */
  private void answerTimeout(HttpExchange ex, State state) {
    ErrorAnswer a =
        ErrorAnswer.of(
            new HttpProblem(
                408,
                Problems.REQUEST_TIMEOUT,
                "the request did not arrive within the request deadline",
                "",
                "send the whole request at once; the host's requestDeadline option sets the"
                    + " limit"),
            "-");
    byte[] body = a.body().toString().getBytes(StandardCharsets.UTF_8);
    try {
      Headers out = ex.getResponseHeaders();
      out.set("Content-Type", Reply.JSON);
      out.set("Connection", "close");
      state.headersSent = true;
      state.status = 408;
      ex.sendResponseHeaders(408, body.length);
      OutputStream o = ex.getResponseBody();
      o.write(body);
      o.flush();
    } catch (IOException e) {
      // the client is gone: the interrupt that follows closes the connection
    }
  }
}
