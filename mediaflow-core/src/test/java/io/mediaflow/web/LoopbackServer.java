package io.mediaflow.web;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real HTTP server on the loopback address (the JDK's {@code com.sun.net.httpserver}) for the web
 * actions' tests: files served with or without ranges, with a validator, cut off mid-body a given
 * number of times; every request recorded.
 */
final class LoopbackServer implements AutoCloseable {

  private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

  /** One request as the server saw it. */
  record Seen(String method, String path, Headers headers, byte[] body) {
    String header(String name) {
      return headers.getFirst(name);
    }
  }

  /** What a path answers. */
  static final class Reply {
    int status = 200;
    final Map<String, List<String>> headers = new LinkedHashMap<>();
    byte[] body = new byte[0];
    boolean ranges;
    boolean chunked;
    String etag;
    final AtomicInteger cutsLeft = new AtomicInteger();
    int cutAfter;

    Reply status(int value) {
      status = value;
      return this;
    }

    Reply header(String name, String value) {
      headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
      return this;
    }

    Reply body(byte[] value) {
      body = value.clone();
      return this;
    }

    Reply body(String text) {
      return body(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Answers {@code Range: bytes=N-} with 206, and {@code Accept-Ranges: bytes}. */
    Reply ranges() {
      ranges = true;
      return this;
    }

    /** A strong ETag; an {@code If-Range} with another value gets the whole body. */
    Reply etag(String value) {
      etag = value;
      return this;
    }

    /** Sends no length: the body is chunked. */
    Reply chunked() {
      chunked = true;
      return this;
    }

    /** The first {@code times} answers close the connection after {@code bytes} body bytes. */
    Reply cut(int bytes, int times) {
      cutAfter = bytes;
      cutsLeft.set(times);
      return this;
    }
  }

  private final HttpServer server;
  private final Map<String, Reply> replies = new ConcurrentHashMap<>();
  private final List<Seen> seen = new CopyOnWriteArrayList<>();

  LoopbackServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Sets what {@code path} answers, and returns it to adjust. */
  Reply on(String path, Reply reply) {
    replies.put(path, reply);
    return reply;
  }

  /** {@code http://127.0.0.1:PORT/path}. */
  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  List<Seen> seen() {
    return List.copyOf(seen);
  }

  private void handle(HttpExchange x) throws IOException {
    try (x) {
      byte[] requestBody = x.getRequestBody().readAllBytes();
      seen.add(
          new Seen(
              x.getRequestMethod(),
              x.getRequestURI().getRawPath(),
              x.getRequestHeaders(),
              requestBody));
      Reply r = replies.get(x.getRequestURI().getRawPath());
      if (r == null) {
        x.sendResponseHeaders(404, -1);
        return;
      }
      Headers h = x.getResponseHeaders();
      r.headers.forEach((k, v) -> v.forEach(value -> h.add(k, value)));
      if (r.etag != null) {
        h.set("ETag", r.etag);
      }
      byte[] body = r.body;
      int status = r.status;
      if (r.ranges) {
        h.set("Accept-Ranges", "bytes");
        Matcher m = RANGE.matcher(String.valueOf(x.getRequestHeaders().getFirst("Range")));
        String ifRange = x.getRequestHeaders().getFirst("If-Range");
        boolean sameFile = ifRange == null || ifRange.equals(r.etag);
        if (m.matches() && sameFile) {
          int from = Integer.parseInt(m.group(1));
          if (from >= body.length) {
            h.set("Content-Range", "bytes */" + body.length);
            x.sendResponseHeaders(416, -1);
            return;
          }
          h.set("Content-Range", "bytes " + from + "-" + (body.length - 1) + "/" + body.length);
          body = java.util.Arrays.copyOfRange(body, from, body.length);
          status = 206;
        }
      }
      boolean head = x.getRequestMethod().equals("HEAD");
      x.sendResponseHeaders(status, head || body.length == 0 ? -1 : r.chunked ? 0 : body.length);
      if (head || body.length == 0) {
        return;
      }
      OutputStream out = x.getResponseBody();
      if (r.cutsLeft.getAndDecrement() > 0) {
        out.write(body, 0, Math.min(r.cutAfter, body.length));
        out.flush();
        // closing short of the length (or without the last chunk) breaks the connection
        throw new IOException("cut on purpose");
      }
      out.write(body);
    } catch (IOException e) {
      // a cut, or a client that went away: the connection is closed either way
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
