package io.mediaflow.internal.media;

import static io.mediaflow.internal.media.HostileServer.ascii;
import static io.mediaflow.internal.media.HostileServer.closesAfter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.spec.JobSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Servers that lie, stall or break HTTP, written byte by byte on a loopback socket: each failure is
 * a {@code NETWORK} (or, over the size limit, {@code INPUT_INVALID}) error that names the input and
 * the URL, says what the server did, says whether a retry can help, and leaves no file behind.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SourcesHostileServerTest {

  private static final String WHERE = "inputs[0].source";

  @TempDir Path dir;

  @ParameterizedTest(name = "chunk size \"{0}\"")
  @ValueSource(strings = {"zz", "-5", "1ffffffffffffffffff", " ", "5 5"})
  void a_malformed_chunk_size_is_a_network_error_that_is_not_retried(String size) throws Exception {
    try (HostileServer server =
        new HostileServer(
            closesAfter(
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "3\r\nabc\r\n"
                    + size
                    + "\r\nhello\r\n0\r\n\r\n"))) {
      String url = server.url("/clip.mp4");

      assertNetworkError(url, sources().build(), false)
          .hasMessageContaining("the server sent a malformed chunked body");
    }
  }

  @Test
  void an_endless_body_stops_at_the_size_limit_and_the_connection_is_closed() throws Exception {
    byte[] block = new byte[64 * 1024];
    try (HostileServer server =
        new HostileServer(
            (request, out, socket) -> {
              out.write(ascii("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n"));
              long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
              while (System.nanoTime() - until < 0) {
                out.write(block); // until the client closes
              }
            })) {
      Sources sources = sources().maxDownloadBytes(1_000_000).build();

      assertThatThrownBy(() -> sources.fetch(spec(server.url("/endless.mp4"))))
          .isInstanceOfSatisfying(
              MediaFlowException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.INPUT_INVALID);
                assertThat(e.suggestion()).contains("maxDownloadBytes");
              })
          .hasMessage(
              "INPUT_INVALID: "
                  + WHERE
                  + ": "
                  + server.url("/endless.mp4")
                  + " is larger than the download limit of 1000000 bytes: more than 1000000 bytes"
                  + " (give a smaller file, or raise the limit (Sources.Builder.maxDownloadBytes))");
      assertThat(server.clientGone.await(10, TimeUnit.SECONDS)).as("connection closed").isTrue();
      assertThat(dir).isEmptyDirectory();
    }
  }

  @Test
  void an_endless_chunked_body_stops_at_the_size_limit() throws Exception {
    try (HostileServer server =
        new HostileServer(
            (request, out, socket) -> {
              out.write(ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"));
              byte[] chunk = ascii("4000\r\n" + "x".repeat(0x4000) + "\r\n");
              long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
              while (System.nanoTime() - until < 0) {
                out.write(chunk);
              }
            })) {
      Sources sources = sources().maxDownloadBytes(1_000_000).build();

      assertThatThrownBy(() -> sources.fetch(spec(server.url("/endless.mp4"))))
          .isInstanceOfSatisfying(
              MediaFlowException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.INPUT_INVALID))
          .hasMessageContaining("more than 1000000 bytes");
      assertThat(dir).isEmptyDirectory();
    }
  }

  @Test
  void a_body_shorter_than_its_content_length_is_reported_as_truncated_and_retryable()
      throws Exception {
    try (HostileServer server =
        new HostileServer(
            closesAfter("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + "x".repeat(1000)))) {
      String url = server.url("/clip.mp4");

      assertNetworkError(url, sources().build(), true)
          .hasMessage(
              "NETWORK: "
                  + WHERE
                  + ": cannot download "
                  + url
                  + ": the connection closed after 1000 of 100000 bytes (check the URL and that the"
                  + " server is reachable; the job can be retried later)");
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "Content-Length: -1",
        "Content-Length: -100000",
        "Content-Length: 5\r\nContent-Length: 500",
        "Content-Length: 5, 500",
        "Content-Length: 0x10",
      })
  void a_negative_malformed_or_conflicting_content_length_is_refused_and_not_retried(String fields)
      throws Exception {
    try (HostileServer server =
        new HostileServer(closesAfter("HTTP/1.1 200 OK\r\n" + fields + "\r\n\r\nhello"))) {
      String url = server.url("/clip.mp4");

      assertNetworkError(url, sources().build(), false)
          .hasMessageContaining("the server sent a bad Content-Length");
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "at the next chunk size|3\r\nabc\r\n",
        "inside a chunk|10\r\nabc",
        "before the chunk's CRLF|3\r\nabc",
      })
  void a_chunked_body_cut_short_is_reported_as_truncated_not_as_a_missing_head(String cut)
      throws Exception {
    String body = cut.substring(cut.indexOf('|') + 1);
    try (HostileServer server =
        new HostileServer(
            closesAfter("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + body))) {
      String url = server.url("/clip.mp4");

      assertNetworkError(url, sources().build(), true)
          .hasMessageContaining(
              "the connection closed before the end of the chunked body, after 3 bytes")
          .hasMessageNotContaining("response headers");
    }
  }

  @ParameterizedTest(name = "head \"{0}\"")
  @ValueSource(
      strings = {
        "",
        "HTTP/1.1 20",
        "HTTP/1.1 200 OK\r\n",
        "HTTP/1.1 200 OK\r\nServer: x",
        "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n"
      })
  void a_connection_closed_before_the_head_ended_says_so(String head) throws Exception {
    try (HostileServer server = new HostileServer(closesAfter(head))) {
      String url = server.url("/clip.mp4");

      assertNetworkError(url, sources().build(), true)
          .hasMessageContaining("the connection closed before the response headers ended");
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"SSH-2.0-OpenSSH_9.6\r\n\r\n", "HTTP/1.1 abc OK\r\n\r\n", "hello\r\n"})
  void a_server_that_does_not_speak_http_is_refused_and_not_retried(String answer)
      throws Exception {
    try (HostileServer server = new HostileServer(closesAfter(answer))) {
      String url = server.url("/clip.mp4");

      assertNetworkError(url, sources().build(), false)
          .hasMessageContaining("the server did not answer HTTP");
    }
  }

  @Test
  void a_transfer_coding_that_is_not_chunked_is_refused() throws Exception {
    try (HostileServer server =
        new HostileServer(
            closesAfter(
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"))) {
      String url = server.url("/clip.mp4");

      assertNetworkError(url, sources().build(), false)
          .hasMessageContaining("transfer coding")
          .hasMessageContaining("gzip");
    }
  }

  @Test
  void a_response_head_over_the_limits_is_refused() throws Exception {
    try (HostileServer server =
        new HostileServer(
            closesAfter("HTTP/1.1 200 OK\r\nX-Big: " + "a".repeat(70_000) + "\r\n\r\n"))) {
      String url = server.url("/clip.mp4");

      assertNetworkError(url, sources().build(), false)
          .hasMessageContaining("the response head is over the limits");
    }
  }

  /**
   * A byte a second resets the silence limit (the read timeout) every time, so only the limit on
   * the whole download's time ({@code Sources.Builder.totalTimeout}, 30 min by default) ends it.
   */
  @Test
  void a_server_trickling_a_byte_a_second_is_ended_by_the_total_time_limit() throws Exception {
    try (HostileServer server =
        new HostileServer(
            (request, out, socket) -> {
              out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n"));
              for (int i = 0; i < 60; i++) {
                out.write('x');
                out.flush();
                Thread.sleep(1000);
              }
            })) {
      String url = server.url("/trickle.mp4");
      Sources sources =
          sources().readTimeout(Duration.ofSeconds(5)).totalTimeout(Duration.ofSeconds(2)).build();
      long start = System.nanoTime();

      assertNetworkError(url, sources, true)
          .hasMessage(
              "NETWORK: "
                  + WHERE
                  + ": cannot download "
                  + url
                  + ": the download took longer than PT2S (check the URL and that the server is"
                  + " reachable; the job can be retried later)");
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(took)
          .isGreaterThanOrEqualTo(Duration.ofSeconds(2))
          .isLessThan(Duration.ofSeconds(5));
      assertThat(server.clientGone.await(10, TimeUnit.SECONDS)).as("connection closed").isTrue();
    }
  }

  /** The total limit also ends a server that is silent for less than the read timeout each time. */
  @Test
  void the_total_time_limit_ends_a_download_while_the_server_is_silent() throws Exception {
    try (HostileServer server =
        new HostileServer(
            (request, out, socket) -> {
              out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nx"));
              out.flush();
              Thread.sleep(20_000);
            })) {
      String url = server.url("/silent.mp4");
      Sources sources =
          sources().readTimeout(Duration.ofSeconds(20)).totalTimeout(Duration.ofSeconds(1)).build();
      long start = System.nanoTime();

      assertNetworkError(url, sources, true).hasMessageContaining("took longer than PT1S");

      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
  }

  private Sources.Builder sources() {
    return Sources.builder().downloadDirectory(dir).allowPrivateNetwork();
  }

  /** Asserts a NETWORK error naming the input and the URL, with a suggestion, and no file left. */
  private org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertNetworkError(
      String url, Sources sources, boolean retryable) {
    var thrown =
        assertThatThrownBy(() -> sources.fetch(spec(url)))
            .isInstanceOfSatisfying(
                MediaFlowException.class,
                e -> {
                  assertThat(e.code()).isEqualTo(ErrorCode.NETWORK);
                  assertThat(e.retryable()).as("retryable").isEqualTo(retryable);
                  assertThat(e.suggestion())
                      .isEqualTo(
                          retryable
                              ? "check the URL and that the server is reachable; the job can be"
                                  + " retried later"
                              : "check the URL; the server will answer the same until it is"
                                  + " changed");
                })
            .hasMessageStartingWith("NETWORK: " + WHERE + ": cannot download " + url + ": ");
    try {
      assertThat(dir).isEmptyDirectory();
    } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
      throw new AssertionError(e);
    }
    return thrown;
  }

  private static JobSpec spec(String url) {
    return JobSpec.builder().input("remote", url).output("remote", "file:out.mp4").build();
  }
}
