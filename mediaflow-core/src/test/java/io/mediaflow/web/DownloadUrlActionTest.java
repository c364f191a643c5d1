package io.mediaflow.web;

import static io.mediaflow.web.WebFlows.error;
import static io.mediaflow.web.WebFlows.oneNode;
import static io.mediaflow.web.WebFlows.retry;
import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.JobHandle;
import io.mediaflow.api.job.JobState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code download.url} through real workflow runs against a real HTTP server on loopback (the host
 * allows the private network here; {@link WebSsrfTest} covers the refusals).
 */
class DownloadUrlActionTest {

  @TempDir Path dir;
  LoopbackServer server;
  WebFlows flows;
  final byte[] video = bytes(5000, 1);

  @BeforeEach
  void start() throws IOException {
    server = new LoopbackServer();
    flows = new WebFlows(dir, true, b -> {});
  }

  @AfterEach
  void stop() {
    flows.flow.close();
    server.close();
  }

  static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  String params(String url, String more) {
    return "{\"url\":\"" + url + "\",\"directory\":\"in\"" + more + "}";
  }

  JobHandle download(String url, String more, String extra) {
    return flows.run(oneNode("download.url", params(url, more), extra), Map.of());
  }

  @Test
  void downloads_a_file_into_the_folder_and_reports_it() throws Exception {
    server.on(
        "/clips/ep%201.mp4",
        new LoopbackServer.Reply().header("Content-Type", "video/mp4").body(video));

    JobHandle h = download(server.url("/clips/ep%201.mp4?token=secret"), "", "");

    assertThat(h.status().state()).isEqualTo(JobState.COMPLETED);
    Path file = dir.resolve("in/ep 1.mp4");
    assertThat(file).hasBinaryContent(video);
    Map<String, Object> out = flows.outputs(h);
    assertThat(out)
        .containsEntry("path", file.toRealPath().toString())
        .containsEntry("name", "ep 1.mp4")
        .containsEntry("size", 5000)
        .containsEntry("contentType", "video/mp4")
        .containsEntry("resumedFrom", 0)
        .containsEntry("url", server.url("/clips/ep%201.mp4?…"));
    assertThat(flows.node(h).summary())
        .isEqualTo(
            "downloaded "
                + server.url("/clips/ep%201.mp4?…")
                + " to "
                + file.toRealPath()
                + " (5000 bytes)")
        .doesNotContain("secret");
    try (Stream<Path> left = Files.list(dir.resolve("in"))) {
      assertThat(left).as("no partial file or record is left").hasSize(1);
    }
  }

  @Test
  void a_broken_transfer_is_resumed_with_range_and_if_range_where_the_server_takes_ranges()
      throws Exception {
    server.on(
        "/v.mp4",
        new LoopbackServer.Reply()
            .header("Content-Type", "video/mp4")
            .body(video)
            .ranges()
            .etag("\"v1\"")
            .cut(1200, 1));

    JobHandle h = download(server.url("/v.mp4"), "", retry(2));

    assertThat(h.status().error()).isEmpty();
    assertThat(dir.resolve("in/v.mp4")).hasBinaryContent(video);
    assertThat(flows.outputs(h)).containsEntry("resumedFrom", 1200).containsEntry("size", 5000);
    assertThat(server.seen()).hasSize(2);
    assertThat(server.seen().get(0).header("Range")).isNull();
    assertThat(server.seen().get(1).header("Range")).isEqualTo("bytes=1200-");
    assertThat(server.seen().get(1).header("If-Range")).isEqualTo("\"v1\"");
    assertThat(flows.node(h).summary()).endsWith("(5000 bytes, resumed from 1200)");
  }

  @Test
  void a_file_that_changed_between_attempts_is_downloaded_whole_again() throws Exception {
    LoopbackServer.Reply reply =
        server.on(
            "/v.mp4",
            new LoopbackServer.Reply()
                .header("Content-Type", "video/mp4")
                .body(video)
                .ranges()
                .etag("\"v1\"")
                .cut(1200, 1));
    JobHandle first = download(server.url("/v.mp4"), "", "");
    assertThat(error(first).code()).isEqualTo("NETWORK");
    assertThat(error(first).message())
        .endsWith(
            "download.url: the download of "
                + server.url("/v.mp4")
                + " broke off: the connection closed after 1200 of 5000 bytes");
    assertThat(error(first).suggestion())
        .isEqualTo("1200 bytes are kept; a retry asks the server for the rest");
    byte[] changed = bytes(4000, 2);
    reply.body(changed).etag("\"v2\"");

    JobHandle second = download(server.url("/v.mp4"), "", "");

    assertThat(second.status().error()).isEmpty();
    assertThat(server.seen().get(1).header("If-Range")).isEqualTo("\"v1\"");
    assertThat(dir.resolve("in/v.mp4")).hasBinaryContent(changed);
    assertThat(flows.outputs(second)).containsEntry("resumedFrom", 0).containsEntry("size", 4000);
  }

  @Test
  void with_resume_off_a_kept_part_is_not_asked_for() throws Exception {
    LoopbackServer.Reply reply =
        server.on(
            "/v.mp4",
            new LoopbackServer.Reply()
                .header("Content-Type", "video/mp4")
                .body(video)
                .ranges()
                .etag("\"v1\"")
                .cut(1200, 1));
    assertThat(error(download(server.url("/v.mp4"), "", "")).code()).isEqualTo("NETWORK");

    JobHandle h = download(server.url("/v.mp4"), ",\"resume\":false", "");

    assertThat(h.status().error()).isEmpty();
    assertThat(server.seen().get(1).header("Range")).isNull();
    assertThat(dir.resolve("in/v.mp4")).hasBinaryContent(video);
    assertThat(flows.outputs(h)).containsEntry("resumedFrom", 0);
    assertThat(reply.cutsLeft.get()).isNegative();
  }

  @Test
  void without_ranges_a_broken_transfer_starts_again_from_the_first_byte() throws Exception {
    server.on(
        "/v.mp4",
        new LoopbackServer.Reply().header("Content-Type", "video/mp4").body(video).cut(1200, 1));

    JobHandle h = download(server.url("/v.mp4"), "", retry(2));

    assertThat(h.status().error()).isEmpty();
    assertThat(server.seen().get(1).header("Range")).isNull();
    assertThat(dir.resolve("in/v.mp4")).hasBinaryContent(video);
    assertThat(flows.outputs(h)).containsEntry("resumedFrom", 0);
  }

  @Test
  void a_part_that_is_already_whole_is_finished_on_a_416_without_the_body_again() throws Exception {
    LoopbackServer.Reply reply =
        server.on(
            "/v.mp4",
            new LoopbackServer.Reply()
                .header("Content-Type", "video/mp4")
                .body(video)
                .ranges()
                .etag("\"v1\"")
                .cut(1200, 1));
    assertThat(error(download(server.url("/v.mp4"), "", "")).code()).isEqualTo("NETWORK");
    byte[] head = java.util.Arrays.copyOf(video, 1200);
    reply.body(head); // the same file (same ETag), which the 1200 bytes kept already hold

    JobHandle h = download(server.url("/v.mp4"), "", "");

    assertThat(h.status().error()).isEmpty();
    assertThat(server.seen().get(1).header("Range")).isEqualTo("bytes=1200-");
    assertThat(dir.resolve("in/v.mp4")).hasBinaryContent(head);
    assertThat(flows.outputs(h)).containsEntry("size", 1200).containsEntry("resumedFrom", 1200);
  }

  @Test
  void a_file_larger_than_max_bytes_is_refused_by_its_length_and_nothing_is_kept()
      throws Exception {
    server.on(
        "/big.mp4", new LoopbackServer.Reply().header("Content-Type", "video/mp4").body(video));

    JobHandle h = download(server.url("/big.mp4"), ",\"maxBytes\":4999", retry(3));

    assertThat(error(h).code()).isEqualTo("DOWNLOAD_TOO_LARGE");
    assertThat(error(h).message())
        .isEqualTo(
            "workflow 'wf' run "
                + h.id()
                + " at node 'n': download.url: "
                + server.url("/big.mp4")
                + " is larger than nodes[n].params.maxBytes 4999: 5000 bytes");
    assertThat(server.seen()).as("not retryable").hasSize(1);
    try (Stream<Path> left = Files.list(dir.resolve("in"))) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void a_body_without_a_length_is_cut_off_at_max_bytes() throws Exception {
    server.on(
        "/big.mp4",
        new LoopbackServer.Reply().header("Content-Type", "video/mp4").body(video).chunked());

    JobHandle h = download(server.url("/big.mp4"), ",\"maxBytes\":1000", "");

    assertThat(error(h).code()).isEqualTo("DOWNLOAD_TOO_LARGE");
    assertThat(error(h).message()).endsWith("maxBytes 1000: more than 1000 bytes");
    try (Stream<Path> left = Files.list(dir.resolve("in"))) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void a_content_type_not_accepted_is_refused_before_anything_is_written() throws Exception {
    server.on(
        "/page",
        new LoopbackServer.Reply()
            .header("Content-Type", "text/html; charset=utf-8")
            .body("<html>sign in</html>"));

    JobHandle h = download(server.url("/page"), "", "");

    assertThat(error(h).code()).isEqualTo("CONTENT_TYPE_NOT_ALLOWED");
    assertThat(error(h).message())
        .endsWith(
            "download.url: "
                + server.url("/page")
                + " is \"text/html\", which nodes[n].params.accept [video/*, audio/*, image/*,"
                + " application/octet-stream, binary/octet-stream, application/mp4,"
                + " application/ogg, application/x-matroska] does not allow");
    assertThat(dir.resolve("in/page")).doesNotExist();

    JobHandle any =
        download(server.url("/page"), ",\"accept\":[\"*/*\"],\"filename\":\"p.html\"", "");
    assertThat(any.status().error()).isEmpty();
    assertThat(dir.resolve("in/p.html")).hasContent("<html>sign in</html>");
  }

  @Test
  void an_error_status_fails_and_only_server_errors_are_retried() throws Exception {
    server.on("/gone", new LoopbackServer.Reply().status(410).body("gone"));
    server.on("/busy", new LoopbackServer.Reply().status(503).body("busy"));

    JobHandle gone = download(server.url("/gone"), "", retry(3));
    JobHandle busy = download(server.url("/busy"), "", retry(3));

    assertThat(error(gone).code()).isEqualTo("HTTP_STATUS");
    assertThat(error(gone).message())
        .endsWith("download.url: " + server.url("/gone") + " answered HTTP 410");
    assertThat(error(busy).code()).isEqualTo("HTTP_STATUS");
    assertThat(server.seen().stream().filter(s -> s.path().equals("/gone"))).hasSize(1);
    assertThat(server.seen().stream().filter(s -> s.path().equals("/busy"))).hasSize(3);
  }

  @Test
  void an_existing_file_is_never_replaced_unless_overwrite_and_nothing_is_sent() throws Exception {
    server.on("/v.mp4", new LoopbackServer.Reply().header("Content-Type", "video/mp4").body(video));
    Files.createDirectories(dir.resolve("in"));
    Files.writeString(dir.resolve("in/v.mp4"), "mine");

    JobHandle h = download(server.url("/v.mp4"), "", "");

    assertThat(error(h).code()).isEqualTo("DESTINATION_EXISTS");
    assertThat(error(h).message())
        .endsWith("download.url: " + dir.resolve("in/v.mp4").toRealPath() + " exists already");
    assertThat(server.seen()).isEmpty();
    assertThat(dir.resolve("in/v.mp4")).hasContent("mine");

    JobHandle replaced = download(server.url("/v.mp4"), ",\"overwrite\":true", "");
    assertThat(replaced.status().error()).isEmpty();
    assertThat(dir.resolve("in/v.mp4")).hasBinaryContent(video);
  }

  @Test
  void a_test_run_sends_nothing_and_writes_nothing() throws Exception {
    server.on("/v.mp4", new LoopbackServer.Reply().header("Content-Type", "video/mp4").body(video));

    JobHandle h =
        flows.testRun(oneNode("download.url", params(server.url("/v.mp4"), ""), ""), Map.of());

    assertThat(h.status().state()).isEqualTo(JobState.COMPLETED);
    assertThat(server.seen()).isEmpty();
    assertThat(dir.resolve("in")).doesNotExist();
    assertThat(flows.node(h).summary())
        .isEqualTo(
            "would download "
                + server.url("/v.mp4")
                + " to "
                + dir.toRealPath().resolve("in/v.mp4"));
    assertThat(flows.outputs(h)).containsEntry("size", 0).containsEntry("name", "v.mp4");
  }

  @Test
  void a_file_name_with_a_path_in_it_is_refused_with_its_place() {
    JobHandle h = download("http://example.invalid/x", ",\"filename\":\"../escape.mp4\"", "");

    assertThat(error(h).code()).isEqualTo("INVALID_VALUE");
    assertThat(error(h).message())
        .contains("nodes[n].params.filename")
        .contains("filename \"../escape.mp4\" is not one plain file name");
  }

  @Test
  void a_range_header_from_the_node_is_refused() {
    JobHandle h =
        download("http://example.invalid/x", ",\"headers\":{\"Range\":\"bytes=0-1\"}", "");

    assertThat(error(h).code()).isEqualTo("INVALID_VALUE");
    assertThat(error(h).message()).contains("download.url sets Range itself, to resume");
  }

  @Test
  void a_folder_outside_the_roots_is_refused() {
    JobHandle h =
        flows.run(
            oneNode(
                "download.url",
                "{\"url\":\"http://example.invalid/x.mp4\",\"directory\":\"../outside\"}",
                ""),
            Map.of());

    assertThat(error(h).code()).isEqualTo("PATH_NOT_ALLOWED");
    assertThat(error(h).message()).contains("is outside the allowed folders");
  }

  @Test
  void a_url_that_is_not_http_is_refused_as_an_unsupported_source() {
    JobHandle h = download("file:///etc/passwd", "", "");

    assertThat(error(h).code()).isEqualTo("UNSUPPORTED_SOURCE");
    assertThat(error(h).message()).contains("\"file:///etc/passwd\" is not an http or https URL");
  }

  @Test
  void the_file_name_comes_from_the_url_made_safe() throws Exception {
    server.on(
        "/a/..%2F..%2Fx.mp4",
        new LoopbackServer.Reply().header("Content-Type", "video/mp4").body(video));

    JobHandle h = download(server.url("/a/..%2F..%2Fx.mp4"), "", "");

    assertThat(h.status().error()).isEmpty();
    assertThat(flows.outputs(h)).containsEntry("name", "_.._x.mp4");
    assertThat(dir.resolve("in/_.._x.mp4")).hasBinaryContent(video);
    assertThat(
            new String(
                Files.readAllBytes(dir.resolve("in/_.._x.mp4")), StandardCharsets.ISO_8859_1))
        .hasSize(5000);
  }
}
