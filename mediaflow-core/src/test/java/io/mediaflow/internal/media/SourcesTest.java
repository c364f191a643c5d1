package io.mediaflow.internal.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.spec.JobSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real HTTP server on 127.0.0.1 behind the SSRF guard. It is a few lines over a {@link
 * java.net.ServerSocket} ({@link TinyHttpServer}) because the JDK's {@code com.sun.net.httpserver}
 * is not readable from the core module's tests without extra compiler flags.
 */
class SourcesTest {

  private static final byte[] FIXTURE = new byte[100_000];

  static {
    for (int i = 0; i < FIXTURE.length; i++) {
      FIXTURE[i] = (byte) (i * 31);
    }
  }

  @TempDir Path dir;
  private TinyHttpServer server;
  private String base;
  private final AtomicInteger resolutions = new AtomicInteger();

  @BeforeEach
  void start() throws IOException {
    server = new TinyHttpServer();
    server.route("/clip.mp4", TinyHttpServer.body(200, FIXTURE, false));
    server.route("/chunked.mp4", TinyHttpServer.body(200, FIXTURE, true));
    server.route("/missing.mp4", TinyHttpServer.body(404, "not here".getBytes(), false));
    server.route("/busy.mp4", TinyHttpServer.body(503, "busy".getBytes(), false));
    server.route("/redirect", TinyHttpServer.redirect("/clip.mp4"));
    server.route("/to-private", TinyHttpServer.redirect("http://internal.example/secret"));
    server.route("/to-metadata", TinyHttpServer.redirect("http://169.254.169.254/latest/"));
    server.route("/loop", TinyHttpServer.redirect("/loop"));
    base = "http://127.0.0.1:" + server.port();
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  @Test
  void loopback_is_refused_by_default() {
    Sources sources = Sources.builder().downloadDirectory(dir).build();

    assertThatThrownBy(() -> sources.fetch(spec(base + "/clip.mp4")))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e ->
                assertThat(e.violations())
                    .singleElement()
                    .satisfies(
                        v -> {
                          assertThat(v.code()).isEqualTo(ErrorCode.ADDRESS_NOT_ALLOWED);
                          assertThat(v.path()).isEqualTo("inputs[1].source");
                          assertThat(v.message()).contains("127.0.0.1").contains("loopback");
                          assertThat(v.suggestion()).contains("--allow-private-network");
                        }));
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void loopback_is_fetched_when_the_private_network_is_allowed() throws Exception {
    Sources sources = Sources.builder().downloadDirectory(dir).allowPrivateNetwork().build();
    Path downloaded;

    try (Sources.Fetched fetched = sources.fetch(spec(base + "/clip.mp4?x=1"))) {
      assertThat(fetched.spec().inputs().get(0).source()).isEqualTo("file:local.mp4");
      String source = fetched.spec().inputs().get(1).source();
      assertThat(source).startsWith("file:" + dir.toAbsolutePath()).endsWith(".mp4");
      downloaded = Path.of(source.substring("file:".length()));
      assertThat(Files.readAllBytes(downloaded)).isEqualTo(FIXTURE);
      assertThat(fetched.spec().outputs()).isEqualTo(spec("x").outputs());
    }

    assertThat(downloaded).doesNotExist();
  }

  @Test
  void a_chunked_body_is_read_whole() throws Exception {
    Sources sources = Sources.builder().downloadDirectory(dir).allowPrivateNetwork().build();

    try (Sources.Fetched fetched = sources.fetch(spec(base + "/chunked.mp4"))) {
      assertThat(Files.readAllBytes(fetched.downloads().get(0))).isEqualTo(FIXTURE);
    }
  }

  @Test
  void a_single_address_may_be_allowed() throws Exception {
    Sources sources =
        Sources.builder()
            .downloadDirectory(dir)
            .allowAddress(InetAddress.getByName("127.0.0.1"))
            .build();

    try (Sources.Fetched fetched = sources.fetch(spec(base + "/redirect"))) {
      assertThat(Files.readAllBytes(fetched.downloads().get(0))).isEqualTo(FIXTURE);
    }
  }

  @Test
  void a_redirect_to_a_private_address_is_refused() {
    Sources sources = allowingOnlyLoopback();

    assertThatThrownBy(() -> sources.fetch(spec(base + "/to-private")))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.ADDRESS_NOT_ALLOWED);
              assertThat(e.violations().get(0).message())
                  .contains("192.168.7.7")
                  .contains("redirected from");
            });
    assertThatThrownBy(() -> sources.fetch(spec(base + "/to-metadata")))
        .hasMessageContaining("169.254.169.254")
        .hasMessageContaining("cloud metadata");
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void every_hop_is_resolved_once_and_at_most_three_redirects_are_followed() {
    Sources sources = allowingOnlyLoopback();

    assertThatThrownBy(() -> sources.fetch(spec("http://media.example:" + port() + "/loop")))
        .isInstanceOfSatisfying(
            MediaFlowException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.NETWORK);
              assertThat(e.retryable()).isFalse();
            })
        .hasMessageContaining("more than 3 redirects");
    assertThat(resolutions.get()).isEqualTo(4);
  }

  @Test
  void a_host_with_any_private_address_is_refused() {
    Sources sources =
        Sources.builder()
            .downloadDirectory(dir)
            .resolver(
                host ->
                    new InetAddress[] {
                      InetAddress.getByName("8.8.8.8"), InetAddress.getByName("10.0.0.5")
                    })
            .build();

    assertThatThrownBy(() -> sources.fetch(spec("https://cdn.example/a.mp4")))
        .hasMessageContaining("10.0.0.5")
        .hasMessageContaining("private");
  }

  @Test
  void the_size_limit_is_enforced_with_and_without_a_content_length() {
    Sources sources =
        Sources.builder()
            .downloadDirectory(dir)
            .allowPrivateNetwork()
            .maxDownloadBytes(50_000)
            .build();

    assertThatThrownBy(() -> sources.fetch(spec(base + "/clip.mp4")))
        .isInstanceOfSatisfying(
            MediaFlowException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INPUT_INVALID))
        .hasMessageContaining("download limit of 50000 bytes")
        .hasMessageContaining("100000 bytes (Content-Length)");
    assertThatThrownBy(() -> sources.fetch(spec(base + "/chunked.mp4")))
        .hasMessageContaining("download limit of 50000 bytes");
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void a_404_is_a_network_error_with_the_status_that_is_not_retried() {
    Sources sources = Sources.builder().downloadDirectory(dir).allowPrivateNetwork().build();

    assertThatThrownBy(() -> sources.fetch(spec(base + "/missing.mp4")))
        .isInstanceOfSatisfying(
            MediaFlowException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.NETWORK);
              assertThat(e.code().category()).isEqualTo(ErrorCode.Category.INPUT);
              assertThat(e.retryable()).isFalse();
            })
        .hasMessageContaining("inputs[1].source")
        .hasMessageContaining("HTTP 404");
  }

  @Test
  void a_503_is_retryable_and_a_refused_connection_too() throws Exception {
    Sources sources =
        Sources.builder()
            .downloadDirectory(dir)
            .allowPrivateNetwork()
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    assertThatThrownBy(() -> sources.fetch(spec(base + "/busy.mp4")))
        .isInstanceOfSatisfying(MediaFlowException.class, e -> assertThat(e.retryable()).isTrue())
        .hasMessageContaining("HTTP 503");
    int closedPort;
    try (var s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    assertThatThrownBy(() -> sources.fetch(spec("http://127.0.0.1:" + closedPort + "/a.mp4")))
        .isInstanceOfSatisfying(
            MediaFlowException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.NETWORK);
              assertThat(e.retryable()).isTrue();
            })
        .hasMessageContaining("refused");
  }

  @Test
  void only_http_and_https_are_fetched() {
    Sources sources = Sources.builder().downloadDirectory(dir).build();

    assertThat(Sources.isUrl("HTTPS://x/y")).isTrue();
    assertThat(Sources.isUrl("ftp://x/y")).isFalse();
    assertThat(sources.fetch(spec("file:b.mp4")).downloads()).isEmpty();
  }

  @Test
  void options_are_checked_when_set() {
    assertThatThrownBy(() -> Sources.builder().maxDownloadBytes(0))
        .hasMessageContaining("maxDownloadBytes must be positive but was 0");
    assertThatThrownBy(() -> Sources.builder().downloadDirectory(dir).downloadDirectory(dir))
        .hasMessageContaining("already set");
    assertThatThrownBy(() -> Sources.builder().build())
        .hasMessageContaining("downloadDirectory is required");
  }

  private Sources allowingOnlyLoopback() {
    return Sources.builder()
        .downloadDirectory(dir)
        .allowAddress(loopback())
        .resolver(this::resolve)
        .build();
  }

  private static InetAddress loopback() {
    try {
      return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private InetAddress[] resolve(String host) throws UnknownHostException {
    resolutions.incrementAndGet();
    return switch (host) {
      case "media.example", "127.0.0.1" -> new InetAddress[] {loopback()};
      case "internal.example" ->
          new InetAddress[] {InetAddress.getByAddress(new byte[] {(byte) 192, (byte) 168, 7, 7})};
      default -> InetAddress.getAllByName(host);
    };
  }

  private int port() {
    return server.port();
  }

  private static JobSpec spec(String url) {
    return new JobSpec(
        1,
        java.util.List.of(
            new io.mediaflow.api.spec.InputSpec("local", "file:local.mp4"),
            new io.mediaflow.api.spec.InputSpec("remote", url)),
        java.util.List.of(),
        JobSpec.builder().input("a", "file:a.mp4").output("a", "file:out.mp4").build().outputs());
  }
}
