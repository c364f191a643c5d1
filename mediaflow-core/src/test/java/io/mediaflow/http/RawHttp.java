package io.mediaflow.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A plain socket to the host, for what a well-behaved client never sends. */
final class RawHttp implements AutoCloseable {

  final Socket socket;
  final OutputStream out;
  final InputStream in;

  RawHttp(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
    out = socket.getOutputStream();
    in = socket.getInputStream();
  }

  /** Sends text as it is. */
  RawHttp send(String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    return this;
  }

  /** Everything the server sends until it closes the connection (or the socket times out). */
  String readAll() throws IOException {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    try {
      for (int n; (n = in.read(buf)) >= 0; ) {
        got.write(buf, 0, n);
      }
    } catch (SocketTimeoutException e) {
      // what arrived so far
    } catch (IOException e) {
      // reset after the answer: what arrived so far
    }
    return got.toString(StandardCharsets.UTF_8);
  }

  /** One GET with the connection closed after it: the raw answer. */
  static String get(int port, String target, String extraHeaders) throws IOException {
    try (RawHttp raw = new RawHttp(port)) {
      return raw.send(
              "GET "
                  + target
                  + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                  + extraHeaders
                  + "\r\n")
          .readAll();
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
