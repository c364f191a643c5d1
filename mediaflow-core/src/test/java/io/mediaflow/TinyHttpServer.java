package io.mediaflow;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** An HTTP/1.1 server for tests: one thread, one request per connection, fixed routes. */
final class TinyHttpServer implements AutoCloseable {

  /** Writes the whole response for a request path. */
  interface Handler {
    void respond(OutputStream out) throws IOException;
  }

  private final ServerSocket socket;
  private final Map<String, Handler> routes = new ConcurrentHashMap<>();
  private final Thread thread;

  TinyHttpServer() throws IOException {
    socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    thread = new Thread(this::serve, "tiny-http");
    thread.setDaemon(true);
    thread.start();
  }

  int port() {
    return socket.getLocalPort();
  }

  void route(String path, Handler handler) {
    routes.put(path, handler);
  }

  static Handler body(int status, byte[] body, boolean chunked) {
    return out -> {
      String head = "HTTP/1.1 " + status + " " + (status == 200 ? "OK" : "Error") + "\r\n";
      head +=
          chunked
              ? "Transfer-Encoding: chunked\r\n\r\n"
              : "Content-Length: " + body.length + "\r\n\r\n";
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      if (!chunked) {
        out.write(body);
        return;
      }
      for (int at = 0; at < body.length; at += 7000) {
        int n = Math.min(7000, body.length - at);
        out.write((Integer.toHexString(n) + ";ext=1\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(body, at, n);
        out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
      }
      out.write("0\r\nX-Trailer: y\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    };
  }

  static Handler redirect(String location) {
    return out ->
        out.write(
            ("HTTP/1.1 302 Found\r\nLocation: " + location + "\r\nContent-Length: 0\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
  }

  private void serve() {
    while (!socket.isClosed()) {
      try (Socket s = socket.accept()) {
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
        String request = in.readLine();
        for (String h = in.readLine(); h != null && !h.isEmpty(); h = in.readLine()) {
          // headers are not used
        }
        String target = request == null ? "/" : request.split(" ")[1];
        String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
        Handler h = routes.getOrDefault(path, body(404, new byte[0], false));
        OutputStream out = s.getOutputStream();
        h.respond(out);
        out.flush();
      } catch (IOException e) {
        // the client went away, or the server is closing
      }
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
