package io.mediaflow.http;

import com.sun.net.httpserver.HttpServer;
import io.mediaflow.MediaFlow;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.internal.http.DeadlineExecutor;
import io.mediaflow.internal.http.Dispatcher;
import io.mediaflow.internal.http.EventStream;
import io.mediaflow.internal.http.RateLimits;
import io.mediaflow.internal.http.Route;
import io.mediaflow.internal.http.Router;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves an engine over HTTP on the JDK's built-in server: the REST API under {@code /v1},
 * Server-Sent Events at {@code /v1/events}, {@code /health}, {@code /metrics}, the OpenAPI document
 * at {@code /v1/openapi.json} and the dashboard at {@code /}. {@code docs/http.md} lists the
 * routes.
 *
 * {@snippet :
 * MediaFlow flow = MediaFlow.builder().build().start();
 * ApiKeys.Created admin = flow.apiKeys().create("ops", ApiScope.ADMIN); // shown once
 * try (HttpHost host = HttpHost.start(flow, HttpOptions.builder().port(8080).build())) {
 *   // curl -H "Authorization: Bearer <key>" http://127.0.0.1:8080/v1/jobs
 * }
 * }
 *
 * <p>Every API route needs an API key ({@code Authorization: Bearer <key>} or {@code X-Api-Key}):
 * reads need scope {@code READ}, changes {@code WRITE}, {@code /v1/api-keys} {@code ADMIN}. Errors
 * are JSON {@code {"code", "message", "path", "suggestion"}}. Closing the host stops the server,
 * not the engine.
 */
public final class HttpHost implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HttpHost.class);

  private final HttpServer server;
  private final DeadlineExecutor executor;
  private final EventStream events;
  private final Router router;

  private HttpHost(
      HttpServer server, DeadlineExecutor executor, EventStream events, Router router) {
    this.server = server;
    this.executor = executor;
    this.events = events;
    this.router = router;
  }

  /**
   * Starts serving {@code flow} as {@code options} say, and returns once the port is bound.
   *
   * @throws MediaFlowException {@code HTTP_BIND_FAILED} when the address or port cannot be bound
   */
  public static HttpHost start(MediaFlow flow, HttpOptions options) {
    Objects.requireNonNull(flow, "flow");
    Objects.requireNonNull(options, "options");
    noDelay();
    // an event stream holds a thread while open: at most half of them, so requests always get one
    EventStream events =
        new EventStream(flow.events(), options.heartbeat(), Math.max(1, options.threads() / 2));
    Router router = routes(flow, options, events);
    DeadlineExecutor executor = new DeadlineExecutor(options.threads(), options.requestDeadline());
    HttpServer server;
    InetSocketAddress address;
    try {
      address = new InetSocketAddress(InetAddress.getByName(options.bindAddress()), options.port());
      server = HttpServer.create(address, 0);
    } catch (IOException e) {
      executor.close();
      throw new MediaFlowException(
          BIND_FAILED,
          "cannot listen on "
              + options.bindAddress()
              + ":"
              + options.port()
              + ": "
              + e.getMessage(),
          "choose a free port (0 for any) and an address of this machine",
          false,
          e);
    }
    server.setExecutor(executor);
    server.createContext(
        "/",
        new Dispatcher(
            router,
            flow.apiKeys()::authenticate,
            new RateLimits(options.rateLimit(), options.ratePeriod()),
            options.maxBodyBytes(),
            options.corsOrigins()));
    server.start();
    HttpHost host = new HttpHost(server, executor, events, router);
    LOG.info("HTTP host listening on {} with {}", host.url(), options);
    return host;
  }

  /**
   * The JDK server writes an answer's headers and its body in two writes; with Nagle's algorithm
   * on, the second waits for the client's delayed ACK, 40 ms per request on Linux. The server reads
   * {@value #NODELAY} once, when its first instance is made, so it is set here unless the host set
   * it (to anything) already.
   */
  private static void noDelay() {
    if (System.getProperty(NODELAY) == null) {
      System.setProperty(NODELAY, "true");
    }
  }

  /** The JDK server's switch for {@code TCP_NODELAY} on its connections. */
  static final String NODELAY = "sun.net.httpserver.nodelay";

  /** {@code HTTP_BIND_FAILED}: the host could not listen on its address and port. */
  public static final ErrorCode BIND_FAILED =
      ErrorCode.of("HTTP_BIND_FAILED", ErrorCode.Category.CONFIGURATION, false);

  static Router routes(MediaFlow flow, HttpOptions options, EventStream events) {
    Router router = new Router();
    new JobRoutes(flow).addTo(router);
    new KeyRoutes(flow).addTo(router);
    new AutomationRoutes(flow).addTo(router);
    new WebhookRoutes(flow).addTo(router);
    new SystemRoutes(flow, options, events).addTo(router);
    return router;
  }

  /** The port the host listens on (the chosen one when the options said 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  /** The address and port the host listens on. */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  /** {@code http://host:port}, without a trailing slash. */
  public String url() {
    InetSocketAddress a = server.getAddress();
    String host = a.getAddress().getHostAddress();
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
  }

  /** Every route, for the OpenAPI check. */
  List<Route> routes() {
    return router.routes();
  }

  /** How many event streams are open (tests). */
  int openStreams() {
    return events.openStreams();
  }

  /** Ends the event streams, stops the server and its threads; the engine keeps running. */
  @Override
  public void close() {
    events.close();
    server.stop(0);
    executor.close();
    LOG.info("HTTP host on port {} stopped", server.getAddress().getPort());
  }
}
