package io.mediaflow.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.samples.cli.AutomateCommandTest.Result;
import io.mediaflow.samples.cli.AutomateCommandTest.Session;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mediaflow serve}, run in this JVM: it prints an admin key once and its address, serves the
 * REST API with that key, and stops cleanly when its thread is interrupted (what Ctrl-C's hook
 * does).
 */
class ServeCommandTest {

  private static final Pattern URL = Pattern.compile("serving on (http://127\\.0\\.0\\.1:\\d+)");
  private static final Pattern KEY = Pattern.compile("\\n  (mf_[A-Za-z0-9_-]+)\\n");

  @Test
  void serve_prints_an_admin_key_once_and_answers_with_it() throws Exception {
    Session s = Session.start("serve", "--port", "0", "--store", "memory", "--rate-limit", "0");
    s.await(() -> URL.matcher(s.out.toString()).find());
    String out = s.out.toString();
    Matcher url = URL.matcher(out);
    Matcher key = KEY.matcher(out);
    assertThat(url.find()).isTrue();
    assertThat(key.find()).as(out).isTrue();
    assertThat(out).contains("made an admin API key; it is shown once, keep it:");

    HttpClient client = HttpClient.newHttpClient();
    HttpResponse<String> jobs =
        client.send(
            HttpRequest.newBuilder(URI.create(url.group(1) + "/v1/jobs"))
                .header("Authorization", "Bearer " + key.group(1))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(jobs.statusCode()).isEqualTo(200);
    assertThat(jobs.body()).startsWith("{\"kind\":\"jobs\"");
    HttpResponse<String> keys =
        client.send(
            HttpRequest.newBuilder(URI.create(url.group(1) + "/v1/api-keys"))
                .header("Authorization", "Bearer " + key.group(1))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(keys.body()).contains("\"scope\":\"admin\"").doesNotContain(key.group(1));
    assertThat(
            client
                .send(
                    HttpRequest.newBuilder(URI.create(url.group(1) + "/v1/jobs")).build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(401);

    Result r = s.stop();
    assertThat(r.code()).isZero();
    assertThat(r.out()).endsWith("stopped\n");
  }

  @Test
  void on_h2_the_admin_key_is_made_once_and_still_opens_the_api_after_a_restart(@TempDir Path dir)
      throws Exception {
    String store = "h2:" + dir.resolve("flow");
    Session first = Session.start("serve", "--port", "0", "--store", store);
    first.await(() -> URL.matcher(first.out.toString()).find());
    Matcher key = KEY.matcher(first.out.toString());
    assertThat(key.find()).as(first.out.toString()).isTrue();
    assertThat(first.stop().code()).isZero();

    Session second = Session.start("serve", "--port", "0", "--store", store);
    second.await(() -> URL.matcher(second.out.toString()).find());
    String out = second.out.toString();
    assertThat(out).doesNotContain("made an admin API key").doesNotContainPattern(KEY);
    Matcher url = URL.matcher(out);
    assertThat(url.find()).isTrue();
    HttpResponse<String> keys =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url.group(1) + "/v1/api-keys"))
                    .header("Authorization", "Bearer " + key.group(1))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(keys.statusCode()).isEqualTo(200);
    assertThat(keys.body()).contains("\"scope\":\"admin\"").doesNotContain(key.group(1));
    assertThat(second.stop().code()).isZero();
  }

  @Test
  void a_bad_store_is_refused_with_what_to_write() {
    Result r = AutomateCommandTest.run("serve", "--port", "0", "--store", "postgres:mysql://x");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains(
            "--store: 'postgres:mysql://x' is not postgres: followed by a PostgreSQL JDBC URL");
  }
}
