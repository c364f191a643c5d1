package io.mediaflow.internal.action.notify;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real HTTP receiver on loopback that records what it is sent and answers as told. */
final class Receiver implements AutoCloseable {

  /** One request received. */
  record Received(String method, String path, Map<String, List<String>> headers, byte[] body) {
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

  final List<Received> received = new CopyOnWriteArrayList<>();
  private final HttpServer server;
  volatile int status = 200;
  volatile String answer = "ok";

  Receiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          received.add(
              new Received(
                  exchange.getRequestMethod(),
                  exchange.getRequestURI().toString(),
                  Map.copyOf(exchange.getRequestHeaders()),
                  body));
          byte[] out = answer.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
          try (OutputStream o = exchange.getResponseBody()) {
            o.write(out);
          }
        });
    server.start();
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
