package io.mediaflow.http;

import static io.mediaflow.http.HttpFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.event.Event;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/events}: Server-Sent Events by pattern, heartbeats, slow clients dropped. */
class EventsRouteTest extends HostTest {

  private BufferedReader open(String pattern) throws Exception {
    HttpResponse<InputStream> r =
        http.client.send(
            HttpRequest.newBuilder(http.uri("/v1/events?pattern=" + pattern))
                .header("Authorization", "Bearer " + http.reader)
                .build(),
            BodyHandlers.ofInputStream());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).contains("text/event-stream; charset=utf-8");
    return new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
  }

  /** Lines up to and including the first that starts with {@code prefix}. */
  private static List<String> until(BufferedReader in, String prefix) throws Exception {
    List<String> lines = new ArrayList<>();
    for (String line; (line = in.readLine()) != null; ) {
      lines.add(line);
      if (line.startsWith(prefix)) {
        return lines;
      }
    }
    throw new AssertionError(
        "the stream ended before a line starting with " + prefix + ": " + lines);
  }

  @Test
  void job_events_matching_the_pattern_arrive_as_server_sent_events() throws Exception {
    try (BufferedReader in = open("job.created")) {
      until(in, ": connected");
      String id =
          json(http.post("/v1/jobs", http.writer, "{\"type\":\"noop\"}")).get("id").asText();

      List<String> lines = until(in, "data: ");
      assertThat(lines).contains("event: job.created");
      String data = lines.get(lines.size() - 1).substring("data: ".length());
      assertThat(HttpFixture.JSON.readTree(data).get("type").asText()).isEqualTo("job.created");
      assertThat(data).contains(id);
    }
  }

  @Test
  void a_quiet_stream_sends_heartbeat_comments() throws Exception {
    restart(b -> b.heartbeat(Duration.ofMillis(200)));
    try (BufferedReader in = open("job.*")) {
      assertThat(until(in, ": heartbeat")).isNotEmpty();
      assertThat(until(in, ": heartbeat")).isNotEmpty();
    }
  }

  @Test
  void a_bad_pattern_is_400() {
    HttpResponse<String> r = http.get("/v1/events?pattern=job.x*y", http.reader);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("path").asText()).isEqualTo("?pattern");
    assertThat(json(r).get("code").asText()).isEqualTo("INVALID_VALUE");
  }

  @Test
  void a_client_that_does_not_read_is_dropped_not_buffered() throws Exception {
    try (RawHttp raw = new RawHttp(http.host.port())) {
      raw.socket.setReceiveBufferSize(4096);
      raw.send(
          "GET /v1/events?pattern=job.** HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
              + http.reader
              + "\r\n\r\n");
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (http.host.openStreams() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(http.host.openStreams()).isEqualTo(1);
      String big = "x".repeat(16 * 1024);
      for (int i = 0; i < 4000 && http.host.openStreams() > 0; i++) {
        http.flow
            .events()
            .publish(Event.of("job.flood", Instant.now(), Map.of("n", i, "pad", big)));
      }
      while (http.host.openStreams() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(http.host.openStreams()).isZero();
    }
    // the thread it held serves requests again
    assertThat(http.get("/v1/jobs", http.reader).statusCode()).isEqualTo(200);
  }
}
