package io.mediaflow.internal.media;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import javax.net.ssl.SSLContext;

/**
 * A server that answers every connection with the same hand-written bytes, however wrong: for
 * testing what the download client does with servers that lie, stall or break HTTP. Every wait is
 * bounded (a read gives up after 20 s, an endless answer after 60 s), so a broken client fails its
 * test instead of hanging the build.
 */
final class HostileServer implements AutoCloseable {

  /** Writes the answer to one request (its head, as text); {@code socket} may be closed by it. */
  interface Script {
    void answer(String request, OutputStream out, Socket socket)
        throws IOException, InterruptedException;
  }

  private final ServerSocket server;
  private final Script script;
  private final Thread thread;

  /** The request heads received, as ISO-8859-1 text. */
  final List<String> requests = new CopyOnWriteArrayList<>();

  /** Counted down when the client closed a connection that the script left open. */
  final CountDownLatch clientGone = new CountDownLatch(1);

  HostileServer(Script script) throws IOException {
    this(script, null);
  }

  /** Speaks TLS with {@code tls}'s key when it is not null. */
  HostileServer(Script script, SSLContext tls) throws IOException {
    this.server =
        tls == null
            ? new ServerSocket(0, 50, InetAddress.getLoopbackAddress())
            : tls.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.script = script;
    this.thread = new Thread(this::serve, "hostile-http");
    thread.setDaemon(true);
    thread.start();
  }

  int port() {
    return server.getLocalPort();
  }

  String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  private void serve() {
    while (!server.isClosed()) {
      try (Socket s = server.accept()) {
        s.setSoTimeout(20_000);
        String request = head(s.getInputStream());
        requests.add(request);
        script.answer(request, s.getOutputStream(), s);
        s.getOutputStream().flush();
        if (!s.isClosed()) {
          s.shutdownOutput();
          while (s.getInputStream().read() >= 0) {
            // wait for the client to close
          }
          clientGone.countDown();
        }
      } catch (IOException e) {
        clientGone.countDown(); // the client went away (or the server is closing)
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static String head(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int c = in.read();
      if (c < 0) {
        break;
      }
      head.write(c);
      matched = c == end[matched] ? matched + 1 : c == '\r' ? 1 : 0;
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  /** A script that writes {@code text} (ISO-8859-1) and closes the connection. */
  static Script closesAfter(String text) {
    return closesAfter(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  static Script closesAfter(byte[] bytes) {
    return (request, out, socket) -> {
      out.write(bytes);
      out.flush();
      socket.close();
    };
  }

  static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    server.close();
    thread.interrupt();
  }
}
