package io.mediaflow.internal.workflow.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.action.ActionHttp;
import io.mediaflow.internal.net.AddressClass;
import io.mediaflow.internal.net.NetworkGuard;
import io.mediaflow.internal.net.SafeHttp;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link SafeActionHttp#open}: the body streamed from the connection, every response header, a
 * {@code Range} passed through and its {@code 206} handed back, redirects followed.
 */
class SafeActionHttpStreamTest {

  HttpServer server;
  volatile String lastRange;

  @BeforeEach
  void serve() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    server.createContext(
        "/file",
        x -> {
          lastRange = x.getRequestHeaders().getFirst("Range");
          byte[] all = "0123456789".getBytes(StandardCharsets.US_ASCII);
          x.getResponseHeaders().add("Set-Cookie", "a=1");
          x.getResponseHeaders().add("Set-Cookie", "b=2");
          x.getResponseHeaders().add("X-Custom", "yes");
          x.getResponseHeaders().add("Content-Type", "video/mp4");
          if ("bytes=4-".equals(lastRange)) {
            x.getResponseHeaders().add("Content-Range", "bytes 4-9/10");
            x.sendResponseHeaders(206, 6);
            try (OutputStream out = x.getResponseBody()) {
              out.write(all, 4, 6);
            }
          } else {
            x.sendResponseHeaders(200, all.length);
            try (OutputStream out = x.getResponseBody()) {
              out.write(all);
            }
          }
        });
    server.createContext(
        "/moved",
        x -> {
          x.getResponseHeaders().add("Location", "/file");
          x.sendResponseHeaders(301, -1);
          x.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  SafeActionHttp client(long cap) {
    return new SafeActionHttp(
        new NetworkGuard(EnumSet.of(AddressClass.LOOPBACK), a -> false, InetAddress::getAllByName),
        SafeHttp.create(new SafeHttp.Settings(Duration.ofSeconds(5), Duration.ofSeconds(5), null)),
        cap,
        () -> false,
        "node 'get'");
  }

  ActionHttp.Request get(String path, Map<String, String> headers) {
    return new ActionHttp.Request("GET", uri(path), headers, null, Duration.ofSeconds(5));
  }

  @Test
  void open_streams_the_body_with_every_header_after_following_a_redirect() throws IOException {
    try (ActionHttp.Streamed r = client(4).open(get("/moved", Map.of()))) {
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.uri()).isEqualTo(uri("/file"));
      assertThat(r.contentLength()).isEqualTo(10);
      assertThat(r.headers()).containsEntry("set-cookie", List.of("a=1", "b=2"));
      assertThat(r.header("X-CUSTOM")).contains("yes");
      assertThat(new String(r.body().readAllBytes(), StandardCharsets.US_ASCII))
          .as("open has no cap: the caller bounds what it reads")
          .isEqualTo("0123456789");
    }
  }

  @Test
  void a_range_goes_through_and_the_partial_answer_comes_back_as_it_is() throws IOException {
    try (ActionHttp.Streamed r = client(100).open(get("/file", Map.of("Range", "bytes=4-")))) {
      assertThat(lastRange).isEqualTo("bytes=4-");
      assertThat(r.status()).isEqualTo(206);
      assertThat(r.header("content-range")).contains("bytes 4-9/10");
      assertThat(new String(r.body().readAllBytes(), StandardCharsets.US_ASCII))
          .isEqualTo("456789");
    }
  }

  @Test
  void send_returns_every_header_and_still_caps_the_body() {
    ActionHttp.Response r = client(100).send(get("/file", Map.of()));
    assertThat(r.headers().get("set-cookie")).containsExactly("a=1", "b=2");
    assertThat(r.headers()).containsKeys("x-custom", "content-type", "content-length", "date");

    assertThatThrownBy(() -> client(5).send(get("/file", Map.of())))
        .isInstanceOfSatisfying(
            MediaFlowException.class, e -> assertThat(e.code().code()).isEqualTo("NETWORK"))
        .hasMessageContaining(
            "node 'get': the response of " + uri("/file") + " is larger than 5 bytes");
  }

  @Test
  void the_default_open_of_another_client_streams_what_send_read() throws IOException {
    ActionHttp other =
        request ->
            new ActionHttp.Response(
                200, Map.of("x", List.of("1")), "abc".getBytes(StandardCharsets.UTF_8));
    try (ActionHttp.Streamed r = other.open(get("/any", Map.of()))) {
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.uri()).isEqualTo(uri("/any"));
      assertThat(r.header("X")).contains("1");
      assertThat(r.contentLength()).isEqualTo(3);
      assertThat(r.body().readAllBytes()).isEqualTo("abc".getBytes(StandardCharsets.UTF_8));
    }
  }
}
