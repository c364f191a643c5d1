package io.mediaflow.internal.net;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.Violation;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads an {@code http(s)} URL to a local file without letting the URL reach what it should not
 * (SSRF): the host is resolved once, every address it resolves to is classified ({@link
 * AddressClass}) and anything but a public address is refused unless allowed; the connection then
 * goes to exactly that checked address, so a second DNS answer (DNS rebinding) is never used.
 *
 * <p>The HTTP/1.1 exchange is done here on a plain {@link Socket} (wrapped in TLS for https, with
 * SNI and host name verification against the URL's host): neither {@code java.net.http} nor {@code
 * HttpURLConnection} lets a caller pin the address a connection goes to. Only {@code GET} with
 * {@code Connection: close} and {@code Accept-Encoding: identity} is spoken; bodies may be sized,
 * chunked or run to the end of the connection. Redirects are followed by hand, at most {@link
 * #MAX_REDIRECTS}, and every target is checked like the first URL.
 *
 * <p>A download can be cancelled: as a blocked socket read ignores thread interrupts, the socket is
 * read in slices of at most {@link #CANCEL_CHECK} and the cancel signal is looked at between them,
 * while the read timeout still counts the whole silence.
 */
public final class SafeDownloader {

  /** The largest download accepted by default: 2 GiB. */
  public static final long DEFAULT_MAX_BYTES = 2L * 1024 * 1024 * 1024;

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** The longest wait for the next bytes. */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);

  /** The longest a whole download may take. */
  public static final Duration DEFAULT_TOTAL_TIMEOUT = Duration.ofMinutes(30);

  public static final int MAX_REDIRECTS = 3;

  /** The longest a download goes on after it was cancelled, while the server sends nothing. */
  public static final Duration CANCEL_CHECK = Duration.ofMillis(250);

  private static final long CANCEL_NANOS = CANCEL_CHECK.toNanos();
  private static final int MAX_HEADER_BYTES = 64 * 1024;
  private static final Pattern EXTENSION = Pattern.compile("[A-Za-z0-9]{1,8}");
  private static final Logger LOG = LoggerFactory.getLogger(SafeDownloader.class);

  /** Resolves a host name to its addresses; replaced in tests. */
  @FunctionalInterface
  public interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  private final long maxBytes;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final Duration totalTimeout;
  private final Set<AddressClass> allowedClasses;
  private final Predicate<InetAddress> allowedAddresses;
  private final Resolver resolver;

  /**
   * @param allowedClasses kinds of address allowed besides {@link AddressClass#PUBLIC}
   * @param allowedAddresses single addresses allowed whatever their kind (host allow-list)
   */
  public SafeDownloader(
      long maxBytes,
      Duration connectTimeout,
      Duration readTimeout,
      Duration totalTimeout,
      Set<AddressClass> allowedClasses,
      Predicate<InetAddress> allowedAddresses,
      Resolver resolver) {
    this.maxBytes = maxBytes;
    this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
    this.readTimeout = Objects.requireNonNull(readTimeout, "readTimeout");
    this.totalTimeout = Objects.requireNonNull(totalTimeout, "totalTimeout");
    this.allowedClasses = Set.copyOf(allowedClasses);
    this.allowedAddresses = Objects.requireNonNull(allowedAddresses, "allowedAddresses");
    this.resolver = Objects.requireNonNull(resolver, "resolver");
  }

  /**
   * Downloads {@code url} into a new file in {@code directory}.
   *
   * @param where the JSON path of the source, for messages ({@code inputs[1].source})
   * @return the file written
   * @throws ValidationException {@code UNSUPPORTED_SOURCE} for a scheme other than http(s) or a
   *     malformed URL, {@code ADDRESS_NOT_ALLOWED} for a refused address (also behind a redirect)
   * @throws MediaFlowException {@code NETWORK} when the server cannot be reached or answers with an
   *     error (retryable except for client errors), {@code INPUT_INVALID} when the body is larger
   *     than the limit
   */
  public Path download(String url, Path directory, String where) {
    return download(url, directory, where, () -> false);
  }

  /**
   * Like {@link #download(String, Path, String)}, stopping once {@code cancelled} is true: it is
   * asked before connecting and before every read, and at least every {@link #CANCEL_CHECK} while
   * the server sends nothing. Connecting and the TLS handshake are not cut short (the connect and
   * the read timeout bound them).
   *
   * @throws MediaFlowException {@code CANCELLED} (not retryable) when it stopped for a cancel; the
   *     file it was writing is deleted
   */
  public Path download(String url, Path directory, String where, BooleanSupplier cancelled) {
    Objects.requireNonNull(cancelled, "cancelled");
    URI uri = parse(url, where);
    long deadline = System.nanoTime() + totalTimeout.toNanos();
    for (int hop = 0; ; hop++) {
      Target target = check(uri, where, hop == 0 ? null : url);
      Response response = exchange(target, deadline, where, cancelled);
      try {
        int status = response.status();
        if (status >= 300 && status < 400 && status != 304) {
          String location = response.headers().get("location");
          if (location == null) {
            throw network(
                where, url, "the server answered " + status + " without a Location", false);
          }
          if (hop >= MAX_REDIRECTS) {
            throw network(
                where,
                url,
                "more than " + MAX_REDIRECTS + " redirects (last to " + location + ")",
                false);
          }
          URI next;
          try {
            next = uri.resolve(location.trim());
          } catch (IllegalArgumentException e) {
            throw network(
                where, url, "the server redirected to a malformed URL: " + location, false);
          }
          LOG.debug("{} redirects to {}", uri, next);
          uri = parse(next.toString(), where);
          continue;
        }
        if (status != 200) {
          boolean retry = status >= 500 || status == 408 || status == 429;
          throw network(
              where, url, "the server answered HTTP " + status + " " + response.reason(), retry);
        }
        return save(response, uri, directory, deadline, where, url);
      } finally {
        response.close();
      }
    }
  }

  private record Target(URI uri, String host, int port, boolean tls, List<InetAddress> addresses) {}

  private record Response(
      int status, String reason, Map<String, String> headers, InputStream body, Socket socket) {
    void close() {
      try {
        socket.close();
      } catch (IOException e) {
        // nothing more to read
      }
    }
  }

  private static URI parse(String url, String where) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (java.net.URISyntaxException e) {
      throw refused(
          where,
          ErrorCode.UNSUPPORTED_SOURCE,
          "\"" + url + "\" is not a valid URL",
          "check the URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw refused(
          where,
          ErrorCode.UNSUPPORTED_SOURCE,
          "\"" + url + "\" is not an http or https URL",
          "download sources over http or https only");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw refused(
          where, ErrorCode.UNSUPPORTED_SOURCE, "\"" + url + "\" has no host", "check the URL");
    }
    return uri;
  }

  /** Resolves the host once and checks every address it resolves to. */
  private Target check(URI uri, String where, String originalUrl) {
    boolean tls = uri.getScheme().equalsIgnoreCase("https");
    String host = uri.getHost();
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
    InetAddress[] addresses;
    try {
      addresses = resolver.resolve(bare);
    } catch (UnknownHostException e) {
      throw new MediaFlowException(
          ErrorCode.NETWORK,
          where + ": the host \"" + bare + "\" of " + uri + " cannot be resolved",
          "check the host name and the machine's DNS",
          true,
          e);
    }
    List<InetAddress> checked = new ArrayList<>();
    for (InetAddress a : addresses) {
      AddressClass kind = AddressClass.of(a);
      if (kind == AddressClass.CLOUD_METADATA) {
        String via = originalUrl == null ? "" : " (redirected from " + originalUrl + ")";
        throw refused(
            where,
            ErrorCode.ADDRESS_NOT_ALLOWED,
            uri
                + via
                + " resolves to "
                + a.getHostAddress()
                + ", a cloud metadata address that jobs may never fetch from",
            "use a public URL; no option allows metadata addresses, which hand out the"
                + " machine's credentials");
      }
      if (kind != AddressClass.PUBLIC
          && !allowedClasses.contains(kind)
          && !allowedAddresses.test(a)) {
        String via = originalUrl == null ? "" : " (redirected from " + originalUrl + ")";
        throw refused(
            where,
            ErrorCode.ADDRESS_NOT_ALLOWED,
            uri
                + via
                + " resolves to "
                + a.getHostAddress()
                + ", a "
                + kind.name().toLowerCase(Locale.ROOT).replace('_', '-')
                + " address that jobs may not fetch from",
            "use a public URL, or allow the network explicitly"
                + " (--allow-private-network, MediaFlow.Builder.allowPrivateNetwork,"
                + " Sources.Builder.allowPrivateNetwork)");
      }
      checked.add(a);
    }
    if (checked.isEmpty()) {
      throw network(where, uri.toString(), "the host has no address", true);
    }
    return new Target(uri, bare, port, tls, checked);
  }

  private Response exchange(Target target, long deadline, String where, BooleanSupplier cancelled) {
    String url = target.uri().toString();
    IOException last = null;
    for (InetAddress address : target.addresses()) {
      if (cancelled.getAsBoolean()) {
        throw cancelled(where, url);
      }
      Socket socket = new Socket();
      try {
        socket.connect(new InetSocketAddress(address, target.port()), millis(connectTimeout));
        // whole, not sliced: a handshake that times out cannot go on
        socket.setSoTimeout(millis(readTimeout));
        Socket s = target.tls() ? tls(socket, target) : socket;
        OutputStream out = s.getOutputStream();
        out.write(request(target).getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        InputStream in = new BufferedInputStream(new SlicedInputStream(s, cancelled, where, url));
        return readHead(in, s, deadline, where, url);
      } catch (RuntimeException e) {
        closeQuietly(socket);
        throw e;
      } catch (IOException e) {
        closeQuietly(socket);
        last = e;
        if (!(e instanceof ConnectException)) {
          break; // a server that answered badly is not retried on its other addresses
        }
      }
    }
    String what =
        last instanceof SocketTimeoutException
            ? "the connection timed out"
            : last instanceof ConnectException
                ? "the connection was refused"
                : last instanceof SSLException
                    ? "the TLS handshake failed (" + last.getMessage() + ")"
                    : "the exchange failed (" + last + ")";
    throw network(where, target.uri().toString(), what, true, last);
  }

  private static Socket tls(Socket plain, Target target) throws IOException {
    SSLSocketFactory factory = (SSLSocketFactory) SSLSocketFactory.getDefault();
    SSLSocket s = (SSLSocket) factory.createSocket(plain, target.host(), target.port(), true);
    SSLParameters params = s.getSSLParameters();
    params.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the URL's host
    if (!target.host().contains(":") && !target.host().matches("[0-9.]+")) {
      params.setServerNames(List.of(new SNIHostName(target.host())));
    }
    s.setSSLParameters(params);
    s.startHandshake();
    return s;
  }

  private static String request(Target target) {
    URI uri = target.uri();
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    if (uri.getRawQuery() != null) {
      path += "?" + uri.getRawQuery();
    }
    boolean defaultPort = target.port() == (target.tls() ? 443 : 80);
    String host = uri.getHost() + (defaultPort ? "" : ":" + target.port());
    return "GET "
        + path
        + " HTTP/1.1\r\nHost: "
        + host
        + "\r\nUser-Agent: mediaflow\r\nAccept: */*\r\nAccept-Encoding: identity\r\n"
        + "Connection: close\r\n\r\n";
  }

  private Response readHead(InputStream in, Socket socket, long deadline, String where, String url)
      throws IOException {
    String statusLine = line(in);
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw network(where, url, "the server did not answer HTTP: \"" + statusLine + "\"", false);
    }
    int status;
    try {
      status = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw network(where, url, "the server answered a bad status line: " + statusLine, false);
    }
    Map<String, String> headers = new HashMap<>();
    int total = statusLine.length();
    for (String h = line(in); !h.isEmpty(); h = line(in)) {
      total += h.length();
      if (total > MAX_HEADER_BYTES) {
        throw network(where, url, "the response headers are larger than 64 KiB", false);
      }
      int colon = h.indexOf(':');
      if (colon > 0) {
        headers.put(
            h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
      }
    }
    return new Response(status, parts.length > 2 ? parts[2] : "", headers, in, socket);
  }

  private Path save(
      Response response, URI uri, Path directory, long deadline, String where, String url) {
    String length = response.headers().get("content-length");
    boolean chunked =
        response
            .headers()
            .getOrDefault("transfer-encoding", "")
            .toLowerCase(Locale.ROOT)
            .contains("chunked");
    long expected = -1;
    if (length != null && !chunked) {
      try {
        expected = Long.parseLong(length.trim());
      } catch (NumberFormatException e) {
        throw network(where, url, "the server sent a bad Content-Length: " + length, false);
      }
      if (expected > maxBytes) {
        throw tooLarge(where, url, expected + " bytes (Content-Length)");
      }
    }
    InputStream body = chunked ? new ChunkedInputStream(response.body()) : response.body();
    Path file = null;
    try {
      Files.createDirectories(directory);
      file = Files.createTempFile(directory, "download-", suffix(uri));
      long copied = 0;
      byte[] buffer = new byte[64 * 1024];
      try (OutputStream out = Files.newOutputStream(file)) {
        while (expected < 0 || copied < expected) {
          int max = expected < 0 ? buffer.length : (int) Math.min(buffer.length, expected - copied);
          int n = body.read(buffer, 0, max);
          if (n < 0) {
            break;
          }
          copied += n;
          if (copied > maxBytes) {
            throw tooLarge(where, url, "more than " + maxBytes + " bytes");
          }
          if (System.nanoTime() - deadline > 0) {
            throw network(where, url, "the download took longer than " + totalTimeout, true);
          }
          out.write(buffer, 0, n);
        }
      }
      if (expected >= 0 && copied < expected) {
        throw network(
            where,
            url,
            "the connection closed after " + copied + " of " + expected + " bytes",
            true);
      }
      LOG.info("downloaded {} ({} bytes) to {}", uri, copied, file);
      return file;
    } catch (IOException e) {
      deleteQuietly(file);
      boolean timeout = e instanceof SocketTimeoutException;
      throw network(
          where,
          url,
          timeout ? "the server stopped sending for " + readTimeout : "the download failed: " + e,
          true,
          e);
    } catch (RuntimeException e) {
      deleteQuietly(file);
      throw e;
    }
  }

  private static String suffix(URI uri) {
    String path = uri.getPath() == null ? "" : uri.getPath();
    int slash = path.lastIndexOf('/');
    String name = path.substring(slash + 1);
    int dot = name.lastIndexOf('.');
    String ext = dot < 0 ? "" : name.substring(dot + 1);
    return EXTENSION.matcher(ext).matches() ? "." + ext.toLowerCase(Locale.ROOT) : ".bin";
  }

  /** One CRLF- (or LF-) terminated header line, ISO-8859-1. */
  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    while (true) {
      int c = in.read();
      if (c < 0) {
        if (bytes.size() == 0) {
          throw new IOException("the connection closed before the response headers ended");
        }
        break;
      }
      if (c == '\n') {
        break;
      }
      if (bytes.size() >= MAX_HEADER_BYTES) {
        throw new IOException("a response header line is longer than 64 KiB");
      }
      bytes.write(c);
    }
    String s = bytes.toString(StandardCharsets.ISO_8859_1);
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }

  /** Reads a {@code Transfer-Encoding: chunked} body; trailers are skipped. */
  private static final class ChunkedInputStream extends InputStream {
    private final InputStream in;
    private long left;
    private boolean done;

    ChunkedInputStream(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (done) {
        return -1;
      }
      if (left == 0) {
        String size = line(in);
        int semicolon = size.indexOf(';');
        String hex = (semicolon < 0 ? size : size.substring(0, semicolon)).trim();
        try {
          left = Long.parseLong(hex, 16);
        } catch (NumberFormatException e) {
          throw new IOException("bad chunk size \"" + size + "\"");
        }
        if (left < 0) {
          throw new IOException("bad chunk size \"" + size + "\"");
        }
        if (left == 0) {
          while (!line(in).isEmpty()) {
            // trailer fields are not used
          }
          done = true;
          return -1;
        }
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n < 0) {
        throw new IOException("the connection closed inside a chunk");
      }
      left -= n;
      if (left == 0) {
        line(in); // the CRLF after the chunk's data
      }
      return n;
    }
  }

  /**
   * The socket's input, read in slices of at most {@link #CANCEL_CHECK} so that a cancel is seen
   * while the server is silent; only a silence as long as the whole read timeout ends a read, with
   * the {@link SocketTimeoutException} an unsliced read throws.
   */
  private final class SlicedInputStream extends InputStream {
    private final Socket socket;
    private final InputStream in;
    private final BooleanSupplier cancelled;
    private final String where;
    private final String url;
    private int soTimeout;

    SlicedInputStream(Socket socket, BooleanSupplier cancelled, String where, String url)
        throws IOException {
      this.socket = socket;
      this.in = socket.getInputStream();
      this.cancelled = cancelled;
      this.where = where;
      this.url = url;
      this.soTimeout = socket.getSoTimeout();
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      long silence = TimeUnit.MILLISECONDS.toNanos(millis(readTimeout));
      long start = System.nanoTime();
      while (true) {
        if (cancelled.getAsBoolean()) {
          throw cancelled(where, url);
        }
        long left = silence - (System.nanoTime() - start);
        int slice = (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(left, CANCEL_NANOS)));
        if (slice != soTimeout) {
          socket.setSoTimeout(slice);
          soTimeout = slice;
        }
        try {
          return in.read(b, off, len);
        } catch (SocketTimeoutException e) {
          if (System.nanoTime() - start >= silence) {
            throw e;
          }
        }
      }
    }

    @Override
    public int available() throws IOException {
      return in.available();
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  private static MediaFlowException cancelled(String where, String url) {
    return new MediaFlowException(
        ErrorCode.CANCELLED, where + ": the download of " + url + " was stopped", "");
  }

  private MediaFlowException tooLarge(String where, String url, String size) {
    return new MediaFlowException(
        ErrorCode.INPUT_INVALID,
        where
            + ": "
            + url
            + " is larger than the download limit of "
            + maxBytes
            + " bytes: "
            + size,
        "give a smaller file, or raise the limit (Sources.Builder.maxDownloadBytes)");
  }

  private static MediaFlowException network(String where, String url, String what, boolean retry) {
    return network(where, url, what, retry, null);
  }

  private static MediaFlowException network(
      String where, String url, String what, boolean retry, Throwable cause) {
    return new MediaFlowException(
        ErrorCode.NETWORK,
        where + ": cannot download " + url + ": " + what,
        retry
            ? "check the URL and that the server is reachable; the job can be retried later"
            : "check the URL; the server will answer the same until it is changed",
        retry,
        cause);
  }

  private static ValidationException refused(
      String where, ErrorCode code, String message, String suggestion) {
    return new ValidationException(new Violation(where, code, message, suggestion));
  }

  private static int millis(Duration d) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }

  private static void deleteQuietly(Path p) {
    if (p == null) {
      return;
    }
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      LOG.warn("could not remove the partial download {}: {}", p, e.getMessage());
    }
  }
}
