package io.mediaflow.http;

import static io.mediaflow.http.HttpFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the host refuses before a route runs: missing, unknown, revoked and too weak keys, a key in
 * the query string, too many requests, a huge body, a body that is not JSON, a slow client, {@code
 * ..} in a path, an unknown route and a wrong method. Each answer is a JSON error.
 */
class GuardsTest extends HostTest {

  private static void assertError(HttpResponse<String> r, int status, String code, String message) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
    JsonNode e = json(r);
    assertThat(e.get("code").asText()).isEqualTo(code);
    assertThat(e.get("message").asText()).isEqualTo(message);
    assertThat(e.has("path")).isTrue();
    assertThat(e.get("suggestion").asText()).isNotEmpty();
  }

  @Test
  void a_missing_unknown_or_revoked_key_is_401_and_a_weak_scope_403() {

    HttpResponse<String> none = http.get("/v1/jobs", null);
    assertError(none, 401, "UNAUTHORIZED", "this route needs an API key");
    assertThat(none.headers().firstValue("WWW-Authenticate"))
        .contains("Bearer realm=\"mediaflow\"");
    assertError(
        http.get("/v1/jobs", "mf_wrong"), 401, "UNAUTHORIZED", "the API key is unknown or revoked");

    String id =
        http.flow.apiKeys().list().stream()
            .filter(k -> k.name().equals("reader"))
            .findFirst()
            .orElseThrow()
            .id();
    assertThat(http.get("/v1/jobs", http.reader).statusCode()).isEqualTo(200);
    http.flow.apiKeys().revoke(id);
    assertError(
        http.get("/v1/jobs", http.reader),
        401,
        "UNAUTHORIZED",
        "the API key is unknown or revoked");

    String readerId =
        http.flow.apiKeys().create("reader2", io.mediaflow.api.store.ApiScope.READ).key();
    HttpResponse<String> weak = http.post("/v1/jobs", readerId, "{\"type\":\"noop\"}");
    assertThat(weak.statusCode()).isEqualTo(403);
    assertThat(json(weak).get("code").asText()).isEqualTo("FORBIDDEN");
    assertThat(json(weak).get("message").asText())
        .endsWith("has scope read, this route needs write");
    HttpResponse<String> notAdmin = http.get("/v1/api-keys", http.writer);
    assertThat(notAdmin.statusCode()).isEqualTo(403);
    assertThat(json(notAdmin).get("message").asText())
        .endsWith("has scope write, this route needs admin");
  }

  @Test
  void the_x_api_key_header_works_and_a_key_in_the_query_is_refused() {
    HttpResponse<String> viaHeader =
        http.send(
            HttpRequest.newBuilder(http.uri("/v1/jobs")).header("X-Api-Key", http.reader), null);
    assertThat(viaHeader.statusCode()).isEqualTo(200);

    assertError(
        http.get("/v1/jobs?api_key=" + http.reader, null),
        400,
        "KEY_IN_QUERY",
        "secrets are not taken from the query string (api_key)");
  }

  @Test
  void a_caller_over_its_rate_limit_is_429_with_retry_after() {
    restart(b -> b.rateLimit(3, Duration.ofMinutes(1)));
    for (int i = 0; i < 3; i++) {
      assertThat(http.get("/v1/jobs", http.reader).statusCode()).isEqualTo(200);
    }
    HttpResponse<String> limited = http.get("/v1/jobs", http.reader);
    assertError(limited, 429, "RATE_LIMITED", "too many requests: the limit is 3 per 60000 ms");
    assertThat(limited.headers().firstValue("Retry-After")).contains("60");
    // the limit is per key: another key still gets through
    assertThat(http.get("/v1/jobs", http.writer).statusCode()).isEqualTo(200);
  }

  @Test
  void a_body_over_the_limit_is_413_and_is_not_read() throws IOException {
    restart(b -> b.maxBodyBytes(1024));
    String big = "{\"type\":\"noop\",\"payload\":\"" + "x".repeat(2000) + "\"}";
    assertError(
        http.post("/v1/jobs", http.writer, big),
        413,
        "BODY_TOO_LARGE",
        "the body is larger than the 1024 bytes this host accepts");

    // a declared gigabyte is refused from its header alone
    try (RawHttp raw = new RawHttp(http.host.port())) {
      String answer =
          raw.send(
                  "POST /v1/jobs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                      + http.writer
                      + "\r\nContent-Type: application/json\r\nContent-Length: 1000000000\r\n\r\n{")
              .readAll();
      assertThat(answer).startsWith("HTTP/1.1 413").contains("\"code\":\"BODY_TOO_LARGE\"");
    }
    // a chunked body without a length is cut off at the limit
    HttpResponse<String> chunked =
        http.send(
            HttpRequest.newBuilder(http.uri("/v1/jobs"))
                .header("Content-Type", "application/json")
                .POST(
                    BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(big.getBytes()))),
            http.writer);
    assertThat(chunked.statusCode()).isEqualTo(413);
  }

  @Test
  void a_body_that_is_not_json_is_415() {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(http.uri("/v1/jobs"))
                .header("Content-Type", "text/plain")
                .POST(BodyPublishers.ofString("{\"type\":\"noop\"}")),
            http.writer);
    assertError(
        r,
        415,
        "UNSUPPORTED_MEDIA_TYPE",
        "the body must be JSON but its Content-Type is text/plain");
  }

  @Test
  void a_client_sending_its_body_one_byte_at_a_time_is_answered_408_and_cut_off() throws Exception {
    restart(b -> b.requestDeadline(Duration.ofMillis(800)));
    try (RawHttp raw = new RawHttp(http.host.port())) {
      raw.send(
          "POST /v1/jobs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
              + http.writer
              + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n");
      long start = System.nanoTime();
      String answer = "";
      for (int i = 0; i < 40 && answer.isEmpty(); i++) {
        try {
          raw.send("{");
        } catch (IOException closed) {
          break;
        }
        Thread.sleep(100); // a slow client: the point of the test
        if (raw.in.available() > 0) {
          answer = raw.readAll();
        }
      }
      if (answer.isEmpty()) {
        answer = raw.readAll();
      }
      long ms = (System.nanoTime() - start) / 1_000_000;
      assertThat(answer).startsWith("HTTP/1.1 408").contains("\"code\":\"REQUEST_TIMEOUT\"");
      assertThat(ms).isLessThan(3000);
    }
    assertThat(http.flow.jobs(io.mediaflow.api.store.JobQuery.all()).total()).isZero();
  }

  @Test
  void a_client_sending_its_headers_one_byte_at_a_time_is_cut_off() throws Exception {
    restart(b -> b.requestDeadline(Duration.ofMillis(800)));
    try (RawHttp raw = new RawHttp(http.host.port())) {
      long start = System.nanoTime();
      boolean closed = false;
      String line = "GET /v1/jobs HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + "a".repeat(100);
      for (int i = 0; i < line.length() && !closed; i++) {
        try {
          raw.send(line.substring(i, i + 1));
          Thread.sleep(50); // a slow client: the point of the test
          if (raw.in.available() > 0 || i > 60) {
            raw.socket.setSoTimeout(3000);
            closed = raw.in.read() < 0;
          }
        } catch (IOException e) {
          closed = true;
        }
      }
      assertThat(closed).isTrue();
      assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(6000);
    }
    // the thread is free again for the next request
    assertThat(http.get("/v1/jobs", http.reader).statusCode()).isEqualTo(200);
  }

  @Test
  void dot_dot_and_encoded_slashes_in_a_path_are_400_and_never_reach_a_route() throws IOException {
    for (String target :
        List.of(
            "/assets/../../etc/passwd",
            "/assets/%2e%2e/%2e%2e/etc/passwd",
            "/assets/..%2f..%2fetc%2fpasswd",
            "/assets/a%5c..%5cb",
            "/v1/jobs/..",
            "/assets/%c0%ae%c0%ae/x")) {
      String answer = RawHttp.get(http.host.port(), target, "");
      assertThat(answer)
          .as(target)
          .startsWith("HTTP/1.1 400")
          .contains("\"code\":\"INVALID_PATH\"");
    }
  }

  @Test
  void an_unknown_route_is_a_json_404_and_a_wrong_method_a_405_with_allow() {
    assertError(
        http.get("/v2/nothing", http.reader),
        404,
        "ROUTE_NOT_FOUND",
        "no route /v2/nothing exists");

    HttpResponse<String> wrong =
        http.send(
            HttpRequest.newBuilder(http.uri("/v1/jobs")).PUT(BodyPublishers.noBody()), http.writer);
    assertError(wrong, 405, "METHOD_NOT_ALLOWED", "PUT is not allowed on /v1/jobs");
    assertThat(wrong.headers().firstValue("Allow")).contains("GET, HEAD, POST");
  }

  @Test
  void head_answers_like_get_without_a_body() {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(http.uri("/v1/jobs")).method("HEAD", BodyPublishers.noBody()),
            http.reader);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEmpty();
  }

  @Test
  void cors_headers_are_sent_only_to_configured_origins() {
    HttpResponse<String> off =
        http.send(
            HttpRequest.newBuilder(http.uri("/v1/jobs"))
                .header("Origin", "https://ops.example.com"),
            http.reader);
    assertThat(off.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    http.close();

    restart(b -> b.corsOrigins("https://ops.example.com"));
    HttpResponse<String> preflight =
        http.send(
            HttpRequest.newBuilder(http.uri("/v1/jobs"))
                .method("OPTIONS", BodyPublishers.noBody())
                .header("Origin", "https://ops.example.com")
                .header("Access-Control-Request-Method", "POST"),
            null);
    assertThat(preflight.statusCode()).isEqualTo(204);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
        .contains("https://ops.example.com");
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers"))
        .contains("Authorization, X-Api-Key, Content-Type");
    HttpResponse<String> other =
        http.send(
            HttpRequest.newBuilder(http.uri("/v1/jobs")).header("Origin", "https://evil.example"),
            http.reader);
    assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    HttpResponse<String> allowed =
        http.send(
            HttpRequest.newBuilder(http.uri("/v1/jobs"))
                .header("Origin", "https://ops.example.com"),
            http.reader);
    assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin"))
        .contains("https://ops.example.com");
  }
}
