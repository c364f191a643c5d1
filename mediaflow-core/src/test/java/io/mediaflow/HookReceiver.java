package io.mediaflow;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP receiver on 127.0.0.1 for outgoing webhooks: records what arrives, answers as told (a
 * status, headers, a queue of one-off answers), and can go down (its port closed, connections
 * refused) and come back on the same port.
 */
final class HookReceiver implements AutoCloseable {

  /** One request received. */
  record Received(Map<String, List<String>> headers, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }
  }

  /** One answer: a status, extra headers, a body. */
  record Answer(int status, Map<String, String> headers, String body) {
    static Answer of(int status) {
      return new Answer(status, Map.of(), "");
    }
  }

  final List<Received> received = new CopyOnWriteArrayList<>();
  final ConcurrentLinkedQueue<Answer> next = new ConcurrentLinkedQueue<>();
  volatile Answer always = new Answer(200, Map.of(), "thanks");
  private final int port;
  private HttpServer server;

  HookReceiver() throws IOException {
    server = start(0);
    port = server.getAddress().getPort();
  }

  private HttpServer start(int at) throws IOException {
    HttpServer s =
        HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), at), 50);
    s.createContext(
        "/",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          received.add(new Received(Map.copyOf(exchange.getRequestHeaders()), body));
          Answer a = next.poll();
          if (a == null) {
            a = always;
          }
          a.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
          byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
          try (OutputStream o = exchange.getResponseBody()) {
            o.write(out);
          }
        });
    s.start();
    return s;
  }

  String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  /** Closes the port: connections are refused until {@link #up}. */
  synchronized void down() {
    if (server != null) {
      server.stop(0);
      server = null;
    }
  }

  synchronized void up() throws IOException {
    if (server == null) {
      server = start(port);
    }
  }

  @Override
  public synchronized void close() {
    down();
  }
}
