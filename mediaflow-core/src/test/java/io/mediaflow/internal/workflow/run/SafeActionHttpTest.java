package io.mediaflow.internal.workflow.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.ValidationException;
import io.mediaflow.api.action.ActionHttp;
import io.mediaflow.internal.net.AddressClass;
import io.mediaflow.internal.net.NetworkGuard;
import io.mediaflow.internal.net.SafeHttp;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The actions' HTTP client: SSRF-guarded, bodies sent, redirects of GET checked hop by hop. */
class SafeActionHttpTest {

  ServerSocket server;
  final SafeHttp http =
      SafeHttp.create(new SafeHttp.Settings(Duration.ofSeconds(5), Duration.ofSeconds(5), null));

  /** A tiny HTTP/1.1 server: /echo answers "METHOD body", /moved redirects to /echo. */
  @BeforeEach
  void serve() throws IOException {
    server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    Thread t =
        new Thread(
            () -> {
              while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                  answer(s);
                } catch (IOException e) {
                  // closing
                }
              }
            },
            "echo-http");
    t.setDaemon(true);
    t.start();
  }

  private static void answer(Socket s) throws IOException {
    InputStream in = new BufferedInputStream(s.getInputStream());
    String request = line(in);
    int length = 0;
    for (String h = line(in); !h.isEmpty(); h = line(in)) {
      if (h.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(h.substring(15).trim());
      }
    }
    byte[] body = in.readNBytes(length);
    String[] parts = request.split(" ");
    OutputStream out = s.getOutputStream();
    if (parts[1].equals("/moved")) {
      out.write(
          "HTTP/1.1 302 Found\r\nLocation: /echo\r\nContent-Length: 0\r\n\r\n"
              .getBytes(StandardCharsets.ISO_8859_1));
    } else {
      byte[] text =
          (parts[0] + " " + new String(body, StandardCharsets.UTF_8))
              .getBytes(StandardCharsets.UTF_8);
      out.write(
          ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
                  + text.length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.write(text);
    }
    out.flush();
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
      if (c != '\r') {
        b.write(c);
      }
    }
    return b.toString(StandardCharsets.ISO_8859_1);
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getLocalPort() + path);
  }

  SafeActionHttp client(boolean allowLoopback) {
    NetworkGuard guard =
        new NetworkGuard(
            allowLoopback ? EnumSet.of(AddressClass.LOOPBACK) : EnumSet.noneOf(AddressClass.class),
            a -> false,
            InetAddress::getAllByName);
    return new SafeActionHttp(guard, http, 1024, () -> false, "node 'call'");
  }

  @Test
  void a_loopback_address_is_refused_unless_the_host_allowed_private_networks() {
    assertThatThrownBy(() -> client(false).send(ActionHttp.Request.get(uri("/echo"))))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.code().code()).isEqualTo("ADDRESS_NOT_ALLOWED"))
        .hasMessageContaining("node 'call'")
        .hasMessageContaining("a loopback address that jobs may not fetch from");
  }

  @Test
  void a_post_sends_its_body_and_a_get_follows_a_redirect() {
    ActionHttp.Response posted =
        client(true)
            .send(
                new ActionHttp.Request(
                    "POST",
                    uri("/echo"),
                    Map.of("Content-Type", "text/plain"),
                    "hello".getBytes(StandardCharsets.UTF_8),
                    Duration.ofSeconds(5)));
    assertThat(posted.status()).isEqualTo(200);
    assertThat(posted.text()).isEqualTo("POST hello");
    assertThat(posted.headers()).containsEntry("content-type", java.util.List.of("text/plain"));

    ActionHttp.Response got = client(true).send(ActionHttp.Request.get(uri("/moved")));
    assertThat(got.status()).isEqualTo(200);
    assertThat(got.text()).isEqualTo("GET ");
  }
}
