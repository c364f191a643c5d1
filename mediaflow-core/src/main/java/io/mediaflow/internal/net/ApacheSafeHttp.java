package io.mediaflow.internal.net;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.UnknownHostException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.auth.AuthSchemeFactory;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.BasicHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.DefaultHttpClientConnectionOperator;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner;
import org.apache.hc.client5.http.io.DetachedSocketFactory;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.DefaultHostnameVerifier;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.config.Lookup;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.http.impl.DefaultConnectionReuseStrategy;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * {@link SafeHttp} on Apache HttpClient 5's classic (blocking) API.
 *
 * <p>Every exchange gets a client and a connection of its own, built from shared immutable parts:
 * its {@link DnsResolver} answers only the checked host, with only the checked addresses (and
 * refuses every other name), so the connection goes to exactly what the {@link NetworkGuard}
 * allowed; TLS gets the URL's host name, so SNI and host name verification (the JDK's and
 * HttpClient's, both) are against it. Nothing is kept between exchanges (no cookies, no auth cache)
 * but, in a client made to keep connections, the connection of an exchange whose response was read
 * to its end: it is kept idle in its own pinned client and reused only by a request whose own check
 * gave the same addresses ({@link IdleConnections}). HttpClient's own redirects, retries,
 * decompression, authentication, protocol upgrade and proxies (system properties, {@code
 * ProxySelector}, SOCKS) are all off: sockets are made with {@link Proxy#NO_PROXY}.
 *
 * <p>A cancel or a deadline is seen by the {@link Watchdog}, which aborts the request: that closes
 * the socket, so a read blocked on a silent server ends at once.
 */
final class ApacheSafeHttp implements SafeHttp {

  /** Sent with every request. */
  static final String USER_AGENT = userAgent();

  /** The longest status or header line, and chunk-size line, accepted. */
  static final int MAX_LINE_BYTES = 64 * 1024;

  /** The most header fields accepted in a response head. */
  static final int MAX_HEADER_FIELDS = 200;

  private static final Http1Config HTTP1 =
      Http1Config.custom()
          .setMaxLineLength(MAX_LINE_BYTES)
          .setMaxHeaderCount(MAX_HEADER_FIELDS)
          .build();

  private static final ManagedHttpClientConnectionFactory CONNECTIONS =
      ManagedHttpClientConnectionFactory.builder()
          .http1Config(HTTP1)
          .responseParserFactory(new StrictResponseParsers(HTTP1))
          .build();

  /**
   * The longest a kept connection stays idle: below the keep-alive of common servers (Node's is 5
   * s), so a kept connection is rarely one the server is closing at that moment.
   */
  static final Duration IDLE_LIMIT = Duration.ofSeconds(4);

  /** Direct sockets only: a SOCKS proxy from system properties would resolve names itself. */
  private static final DetachedSocketFactory DIRECT = proxy -> new Socket(Proxy.NO_PROXY);

  private final Settings settings;
  private final Lookup<TlsSocketStrategy> tls;
  private final ConnectionConfig connectionConfig;
  private final SocketConfig socketConfig;
  private final TlsConfig tlsConfig;
  private final RequestConfig requestConfig;

  /** Kept-alive connections by checked target; null when every exchange has its own connection. */
  private final IdleConnections<CloseableHttpClient> pool;

  /** A client that opens a connection for every exchange and closes it after. */
  ApacheSafeHttp(Settings settings) {
    this(settings, 0);
  }

  /**
   * @param keepIdle the most connections kept alive between exchanges (see {@link IdleConnections}
   *     for why a kept one goes only where the guard has just allowed); 0 for none
   */
  ApacheSafeHttp(Settings settings, int keepIdle) {
    this.settings = settings;
    this.pool =
        keepIdle > 0
            ? new IdleConnections<>(IDLE_LIMIT, keepIdle, c -> c.close(CloseMode.IMMEDIATE))
            : null;
    // made at the first https exchange: the JVM's default context reads the trust store, which
    // plain http does not need (it took most of a first download's half second)
    Supplier<TlsSocketStrategy> strategy =
        settings.tls() != null ? memoize(() -> strategy(settings.tls())) : DefaultTls.STRATEGY;
    this.tls = scheme -> URIScheme.HTTPS.same(scheme) ? strategy.get() : null;
    Timeout connect = Timeout.of(settings.connectTimeout());
    Timeout read = Timeout.of(settings.readTimeout());
    this.connectionConfig =
        ConnectionConfig.custom()
            .setConnectTimeout(connect)
            .setSocketTimeout(read)
            // a kept connection idle for a second is checked for a close by the server first
            .setValidateAfterInactivity(TimeValue.ofSeconds(1))
            .build();
    this.socketConfig = SocketConfig.custom().setSoTimeout(read).setTcpNoDelay(true).build();
    // the handshake waits for the server like a read, as it did on the old client
    this.tlsConfig =
        TlsConfig.custom()
            .setHandshakeTimeout(read)
            .setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_1)
            .build();
    this.requestConfig =
        RequestConfig.custom()
            .setResponseTimeout(read)
            .setRedirectsEnabled(false)
            .setAuthenticationEnabled(false)
            .setContentCompressionEnabled(false)
            .setExpectContinueEnabled(false)
            .setProtocolUpgradeEnabled(false)
            .setConnectionKeepAlive(TimeValue.of(IDLE_LIMIT))
            .build();
  }

  @Override
  public Response send(Request request, Stop stop) throws HttpFailure {
    CheckedTarget target = request.target();
    HttpUriRequestBase message = new HttpUriRequestBase(request.method(), target.requestUri());
    request.headers().forEach(message::setHeader);
    byte[] body = request.body();
    if (body.length > 0) {
      String type =
          request.headers().entrySet().stream()
              .filter(h -> h.getKey().equalsIgnoreCase("Content-Type"))
              .map(Map.Entry::getValue)
              .findFirst()
              .orElse("application/octet-stream");
      message.setEntity(new ByteArrayEntity(body, ContentType.parse(type)));
    }
    message.setHeader("Accept-Encoding", "identity");
    IdleConnections.Key key = pool == null ? null : IdleConnections.Key.of(target);
    CloseableHttpClient client = null;
    if (pool == null) {
      message.setHeader("Connection", "close");
    } else {
      client = pool.take(key); // after the guard's check: pinned to exactly these addresses
    }
    Exchange exchange = new Exchange(client == null ? client(target) : client, key, message, stop);
    try {
      exchange.checkStop();
      exchange.opened(exchange.client.executeOpen(null, message, HttpClientContext.create()));
      return exchange;
    } catch (IOException e) {
      HttpFailure failure = exchange.failure(e, false);
      exchange.close();
      throw failure;
    } catch (RuntimeException e) {
      exchange.close();
      throw exchange.stoppedFailure(e).orElseThrow(() -> e); // a bug unless we aborted it
    }
  }

  /** A client for one exchange, whose only DNS answer is the checked one. */
  private CloseableHttpClient client(CheckedTarget target) {
    BasicHttpClientConnectionManager manager =
        new BasicHttpClientConnectionManager(
            new DefaultHttpClientConnectionOperator(
                DIRECT, DefaultSchemePortResolver.INSTANCE, new PinnedDns(target), tls),
            CONNECTIONS);
    manager.setConnectionConfig(connectionConfig);
    manager.setSocketConfig(socketConfig);
    manager.setTlsConfig(tlsConfig);
    return HttpClients.custom()
        .setConnectionManager(manager)
        .setDefaultRequestConfig(requestConfig)
        .setConnectionReuseStrategy(
            pool == null ? (req, res, ctx) -> false : DefaultConnectionReuseStrategy.INSTANCE)
        .setRoutePlanner(new DefaultRoutePlanner(DefaultSchemePortResolver.INSTANCE))
        .setDefaultAuthSchemeRegistry(RegistryBuilder.<AuthSchemeFactory>create().build())
        .setUserAgent(USER_AGENT)
        .disableRedirectHandling()
        .disableAutomaticRetries()
        .disableContentCompression()
        .disableCookieManagement()
        .disableAuthCaching()
        .disableConnectionState()
        .build();
  }

  /** Answers only the checked host name, with only its checked addresses. */
  private static final class PinnedDns implements DnsResolver {
    private final CheckedTarget target;

    PinnedDns(CheckedTarget target) {
      this.target = target;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
      if (!NetworkGuard.bare(host).equals(target.host())) {
        throw new UnknownHostException(host + " was not checked by the network guard");
      }
      return target.addresses().toArray(new InetAddress[0]);
    }

    @Override
    public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
      return java.util.Arrays.stream(resolve(host))
          .map(a -> new InetSocketAddress(a, port))
          .toList();
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
      throw new UnknownHostException("canonical names are not looked up: " + host);
    }
  }

  /** One exchange under way, and then its response. */
  private final class Exchange implements Response {
    private final CloseableHttpClient client;
    private final IdleConnections.Key key;
    private final HttpUriRequestBase message;
    private final Stop stop;

    /** Why the exchange was stopped from outside, once it was. */
    private final AtomicReference<HttpFailure.Kind> stopped = new AtomicReference<>();

    private final ScheduledFuture<?> watch;
    private ClassicHttpResponse response;
    private InputStream body;
    private long length = -1;
    private long read;
    private boolean ended;
    private boolean closed;

    Exchange(
        CloseableHttpClient client,
        IdleConnections.Key key,
        HttpUriRequestBase message,
        Stop stop) {
      this.client = client;
      this.key = key;
      this.message = message;
      this.stop = stop;
      this.watch = Watchdog.watch(this::watchStop);
    }

    /** On the watchdog's thread: aborts the request once the stop says so. */
    private void watchStop() {
      HttpFailure.Kind why = due();
      if (why != null && stopped.compareAndSet(null, why)) {
        message.cancel(); // closes the connection; the blocked read throws
      }
    }

    private HttpFailure.Kind due() {
      if (stop.cancelled().getAsBoolean()) {
        return HttpFailure.Kind.CANCELLED;
      }
      return System.nanoTime() - stop.deadline() >= 0 ? HttpFailure.Kind.DEADLINE : null;
    }

    /** On the exchange's thread, before each step. */
    void checkStop() throws HttpFailure {
      HttpFailure.Kind why = due();
      if (why != null) {
        stopped.compareAndSet(null, why);
        throw failure(null, read > 0);
      }
    }

    void opened(ClassicHttpResponse value) throws IOException {
      this.response = value;
      HttpEntity entity = value.getEntity();
      if (entity == null) { // 204, 304, a HEAD request
        ended = true;
        body = InputStream.nullInputStream();
        return;
      }
      length = entity.isChunked() ? -1 : entity.getContentLength();
      body = new Body(entity.getContent());
    }

    @Override
    public int status() {
      return response.getCode();
    }

    @Override
    public String reason() {
      return response.getReasonPhrase() == null ? "" : response.getReasonPhrase();
    }

    @Override
    public Optional<String> header(String name) {
      Header h = response.getFirstHeader(name);
      return h == null ? Optional.empty() : Optional.ofNullable(h.getValue());
    }

    @Override
    public Map<String, List<String>> headers() {
      Map<String, List<String>> all = new LinkedHashMap<>();
      for (Header h : response.getHeaders()) {
        all.computeIfAbsent(h.getName().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
            .add(h.getValue() == null ? "" : h.getValue());
      }
      all.replaceAll((k, v) -> List.copyOf(v));
      return Collections.unmodifiableMap(all);
    }

    @Override
    public long contentLength() {
      return length;
    }

    @Override
    public InputStream body() {
      return body;
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      watch.cancel(false);
      if (!ended) {
        // without this, closing the body would read the rest of it to keep the connection
        message.cancel();
      }
      if (key != null && ended && response != null && stopped.get() == null) {
        try {
          response.close(); // the whole body was read: the connection is released, kept or closed
          pool.put(key, client);
          return;
        } catch (IOException | RuntimeException e) {
          // not kept: closed below
        }
      }
      client.close(CloseMode.IMMEDIATE);
    }

    /** What {@code e} (or a stop, when {@code e} is null) means for the caller. */
    HttpFailure failure(Throwable e, boolean inBody) {
      return stoppedFailure(e)
          .orElseGet(() -> HttpFailures.of(e, inBody, read, length, settings.readTimeout()));
    }

    /**
     * The failure a stop caused, once the exchange was stopped: whatever broke then, broke for it.
     */
    Optional<HttpFailure> stoppedFailure(Throwable e) {
      HttpFailure.Kind why = stopped.get();
      if (why == HttpFailure.Kind.CANCELLED) {
        return Optional.of(new HttpFailure(why, "the exchange was stopped", e));
      }
      if (why == HttpFailure.Kind.DEADLINE) {
        return Optional.of(new HttpFailure(why, "the time limit passed", e));
      }
      return Optional.empty();
    }

    /** The body: asks the stop before every read and turns HttpClient's exceptions into ours. */
    private final class Body extends InputStream {
      private final InputStream in;

      Body(InputStream in) {
        this.in = in;
      }

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (ended) {
          return -1;
        }
        checkStop();
        int n;
        try {
          n = in.read(b, off, len);
        } catch (IOException e) {
          throw failure(e, true);
        } catch (RuntimeException e) {
          throw stoppedFailure(e).orElseThrow(() -> e);
        }
        if (n < 0) {
          ended = true;
        } else {
          read += n;
        }
        return n;
      }

      @Override
      public void close() {
        Exchange.this.close();
      }
    }
  }

  private static TlsSocketStrategy strategy(SSLContext context) {
    return new DefaultClientTlsStrategy(
        context, HostnameVerificationPolicy.BOTH, new DefaultHostnameVerifier());
  }

  /** TLS with the JVM's default context, made once when the first https exchange needs it. */
  private static final class DefaultTls {
    static final Supplier<TlsSocketStrategy> STRATEGY = memoize(() -> strategy(defaultContext()));

    private static SSLContext defaultContext() {
      try {
        return SSLContext.getDefault();
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("this JVM has no default TLS context", e);
      }
    }
  }

  private static <T> Supplier<T> memoize(Supplier<T> make) {
    return new Supplier<>() {
      private volatile T value;

      @Override
      public T get() {
        T v = value;
        if (v == null) {
          synchronized (this) {
            v = value;
            if (v == null) {
              v = make.get();
              value = v;
            }
          }
        }
        return v;
      }
    };
  }

  private static String userAgent() {
    String version = ApacheSafeHttp.class.getPackage().getImplementationVersion();
    return version == null ? "mediaflow" : "mediaflow/" + version;
  }
}
