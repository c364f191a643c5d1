package io.mediaflow.internal.media;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/** An HTTP/1.1 server for tests: one thread, one request per connection, fixed routes. */
public final class TinyHttpServer implements AutoCloseable {

  /** Writes the whole response for a request path; {@code in} ends when the client closes. */
  public interface Handler {
    void respond(OutputStream out, InputStream in) throws IOException;
  }

  private final ServerSocket socket;
  private final Map<String, Handler> routes = new ConcurrentHashMap<>();
  private final Thread thread;

  public TinyHttpServer() throws IOException {
    socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    thread = new Thread(this::serve, "tiny-http");
    thread.setDaemon(true);
    thread.start();
  }

  public int port() {
    return socket.getLocalPort();
  }

  public void route(String path, Handler handler) {
    routes.put(path, handler);
  }

  public static Handler body(int status, byte[] body, boolean chunked) {
    return (out, in) -> {
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

  public static Handler redirect(String location) {
    return (out, in) ->
        out.write(
            ("HTTP/1.1 302 Found\r\nLocation: " + location + "\r\nContent-Length: 0\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
  }

  /**
   * Sends {@code first} (nothing, or a head and some bytes), counts {@code sent} down, then sends
   * nothing more until the client closes (or a minute passed) and counts {@code clientGone} down.
   */
  public static Handler stalling(byte[] first, CountDownLatch sent, CountDownLatch clientGone) {
    return (out, in) -> {
      try {
        out.write(first);
        out.flush();
        sent.countDown();
        while (in.read() >= 0) {
          // the request has no body: this waits for the client to close
        }
      } finally {
        clientGone.countDown();
      }
    };
  }

  /**
   * Sends the head of a 1 MB body, counts {@code sent} down, then sends one byte every 50 ms until
   * the client closes (or a minute passed); counts {@code clientGone} down then.
   */
  public static Handler dripping(CountDownLatch sent, CountDownLatch clientGone) {
    return (out, in) -> {
      try {
        out.write(head1MB());
        out.flush();
        sent.countDown();
        for (int i = 0; i < 1200; i++) {
          out.write(i);
          out.flush();
          Thread.sleep(50);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        clientGone.countDown();
      }
    };
  }

  /** The head of a 200 response with a 1 MB body. */
  public static byte[] head1MB() {
    return "HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n"
        .getBytes(StandardCharsets.ISO_8859_1);
  }

  private void serve() {
    while (!socket.isClosed()) {
      try (Socket s = socket.accept()) {
        s.setSoTimeout(60_000); // a handler waiting for the client gives up in the end
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
        h.respond(out, s.getInputStream());
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
