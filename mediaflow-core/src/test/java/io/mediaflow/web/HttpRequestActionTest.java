package io.mediaflow.web;

import static io.mediaflow.web.WebFlows.error;
import static io.mediaflow.web.WebFlows.oneNode;
import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.JobHandle;
import io.mediaflow.api.job.JobState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code http.request} through real workflow runs against a real HTTP server on loopback. */
class HttpRequestActionTest {

  static final String TOKEN = "Bearer s3cr3t-t0ken";

  @TempDir Path dir;
  LoopbackServer server;
  WebFlows flows;

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

  JobHandle call(String params, String extra) {
    return flows.run(oneNode("http.request", params, extra), Map.of());
  }

  @Test
  void a_json_post_gives_status_every_header_and_the_parsed_body_to_later_nodes() throws Exception {
    server.on(
        "/items",
        new LoopbackServer.Reply()
            .status(201)
            .header("Content-Type", "application/json; charset=utf-8")
            .header("X-Trace", "t-1")
            .header("Link", "</a>; rel=a")
            .header("Link", "</b>; rel=b")
            .body("{\"id\":42,\"tags\":[\"a\",\"b\"]}"));

    JobHandle h =
        call(
            "{\"url\":\""
                + server.url("/items")
                + "\",\"method\":\"POST\",\"json\":{\"title\":\"Ep 1\"},"
                + "\"headers\":{\"Authorization\":\""
                + TOKEN
                + "\"}}",
            ",\"output\":{\"created\":\"json\"}");

    assertThat(h.status().state()).isEqualTo(JobState.COMPLETED);
    LoopbackServer.Seen sent = server.seen().get(0);
    assertThat(sent.method()).isEqualTo("POST");
    assertThat(sent.header("Content-Type")).isEqualTo("application/json");
    assertThat(sent.header("Authorization")).isEqualTo(TOKEN);
    assertThat(new String(sent.body(), StandardCharsets.UTF_8)).isEqualTo("{\"title\":\"Ep 1\"}");
    Map<String, Object> out = flows.outputs(h);
    assertThat(out).containsEntry("status", 201).containsEntry("ok", true);
    assertThat(out.get("json")).isEqualTo(Map.of("id", 42, "tags", List.of("a", "b")));
    @SuppressWarnings("unchecked")
    Map<String, Object> headers = (Map<String, Object>) out.get("headers");
    assertThat(headers)
        .containsEntry("x-trace", "t-1")
        .containsEntry("link", "</a>; rel=a, </b>; rel=b")
        .containsEntry("content-type", "application/json; charset=utf-8")
        .containsKey("date");
    assertThat(flows.flow.workflows().run(h.id()).orElseThrow().vars())
        .containsEntry("created", Map.of("id", 42, "tags", List.of("a", "b")));
    assertThat(flows.node(h).summary()).isEqualTo("POST " + server.url("/items") + " answered 201");
    assertThat(h.status().result().orElseThrow()).doesNotContain("s3cr3t");
  }

  @Test
  void an_error_status_is_an_output_unless_fail_on_error() throws Exception {
    server.on("/down", new LoopbackServer.Reply().status(500).body("oops"));

    JobHandle kept = call("{\"url\":\"" + server.url("/down") + "\"}", "");
    JobHandle failed = call("{\"url\":\"" + server.url("/down") + "\",\"failOnError\":true}", "");

    assertThat(kept.status().state()).isEqualTo(JobState.COMPLETED);
    assertThat(flows.outputs(kept))
        .containsEntry("status", 500)
        .containsEntry("ok", false)
        .containsEntry("body", "oops");
    assertThat(flows.outputs(kept).get("json")).isNull();
    assertThat(error(failed).code()).isEqualTo("HTTP_STATUS");
    assertThat(error(failed).message())
        .endsWith("http.request: GET " + server.url("/down") + " answered HTTP 500");
    assertThat(error(failed).suggestion())
        .isEqualTo("the server may answer later; the node's retry policy decides");
  }

  @Test
  void a_body_larger_than_max_response_bytes_fails() {
    server.on("/big", new LoopbackServer.Reply().body(new byte[2000]));

    JobHandle h = call("{\"url\":\"" + server.url("/big") + "\",\"maxResponseBytes\":1000}", "");

    assertThat(error(h).code()).isEqualTo("RESPONSE_TOO_LARGE");
    assertThat(error(h).message())
        .endsWith(
            "http.request: the response of GET "
                + server.url("/big")
                + " is larger than nodes[n].params.maxResponseBytes 1000");
  }

  @Test
  void a_json_response_that_does_not_parse_fails() {
    server.on(
        "/bad",
        new LoopbackServer.Reply().header("Content-Type", "application/json").body("{\"id\":"));

    JobHandle h = call("{\"url\":\"" + server.url("/bad") + "\"}", "");

    assertThat(error(h).code()).isEqualTo("RESPONSE_NOT_JSON");
    assertThat(error(h).message())
        .contains(
            "http.request: GET "
                + server.url("/bad")
                + " answered application/json that is not"
                + " JSON: ");
  }

  @Test
  void a_text_body_goes_as_text_and_the_query_is_hidden_in_summaries() throws Exception {
    server.on("/hook", new LoopbackServer.Reply().status(204));

    JobHandle h =
        call(
            "{\"url\":\""
                + server.url("/hook?key=abc123")
                + "\",\"method\":\"PUT\",\"body\":\"hello\"}",
            "");

    assertThat(h.status().error()).isEmpty();
    assertThat(server.seen().get(0).header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
    assertThat(new String(server.seen().get(0).body(), StandardCharsets.UTF_8)).isEqualTo("hello");
    assertThat(flows.node(h).summary()).isEqualTo("PUT " + server.url("/hook?…") + " answered 204");
    assertThat(flows.outputs(h)).containsEntry("url", server.url("/hook?…"));
  }

  @Test
  void a_test_run_sends_nothing_and_shows_no_header_value() throws Exception {
    JobHandle h =
        flows.testRun(
            oneNode(
                "http.request",
                "{\"url\":\""
                    + server.url("/items")
                    + "\",\"method\":\"POST\",\"body\":\"x\","
                    + "\"headers\":{\"Authorization\":\""
                    + TOKEN
                    + "\"}}",
                ""),
            Map.of());

    assertThat(h.status().state()).isEqualTo(JobState.COMPLETED);
    assertThat(server.seen()).isEmpty();
    assertThat(flows.node(h).summary())
        .isEqualTo(
            "would send POST "
                + server.url("/items")
                + " with 1 bytes and headers [Authorization, Content-Type]");
    assertThat(flows.outputs(h)).containsEntry("status", 0);
  }

  @Test
  void body_and_json_together_are_refused() {
    JobHandle h =
        call("{\"url\":\"" + server.url("/x") + "\",\"body\":\"a\",\"json\":{\"b\":1}}", "");

    assertThat(error(h).code()).isEqualTo("INVALID_VALUE");
    assertThat(error(h).message())
        .contains("nodes[n].params.json")
        .contains("http.request takes a body or a json body, not both");
    assertThat(server.seen()).isEmpty();
  }

  @Test
  void a_header_only_the_client_sets_is_refused() {
    JobHandle h =
        call("{\"url\":\"" + server.url("/x") + "\",\"headers\":{\"Host\":\"evil.example\"}}", "");

    assertThat(error(h).code()).isEqualTo("INVALID_VALUE");
    assertThat(error(h).message())
        .contains("nodes[n].params.headers.Host")
        .contains("Host is set by the client and may not be given");
    assertThat(server.seen()).isEmpty();
  }

  @Test
  void an_unknown_method_is_refused() {
    JobHandle h = call("{\"url\":\"" + server.url("/x") + "\",\"method\":\"TRACE\"}", "");

    assertThat(error(h).code()).isEqualTo("INVALID_VALUE");
    assertThat(error(h).message())
        .endsWith(
            "nodes[n].params.method: must be one of [GET, HEAD, POST, PUT, PATCH, DELETE] but was"
                + " \"TRACE\"");
    assertThat(server.seen()).isEmpty();
  }
}
