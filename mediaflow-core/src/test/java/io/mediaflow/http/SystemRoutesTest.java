package io.mediaflow.http;

import static io.mediaflow.http.HttpFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediaflow.api.store.ApiScope;
import java.io.IOException;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** {@code /health}, {@code /metrics}, {@code /v1/api-keys}, the dashboard's static files. */
class SystemRoutesTest extends HostTest {

  @Test
  void health_is_open_and_says_each_check_with_its_reason() {
    HttpResponse<String> r = http.get("/health", null);
    JsonNode h = json(r);
    assertThat(h.get("status").asText()).isIn("healthy", "degraded", "unhealthy");
    assertThat(r.statusCode()).isEqualTo(h.get("status").asText().equals("unhealthy") ? 503 : 200);
    assertThat(h.get("checks").findValuesAsText("name")).contains("storage", "mediaBackend");
    assertThat(h.get("checks").get(0).get("reason").asText()).isNotEmpty();
  }

  @Test
  void health_needs_a_key_when_the_host_says_so() {
    restart(b -> b.openHealth(false));
    assertThat(http.get("/health", null).statusCode()).isEqualTo(401);
    assertThat(http.get("/health", http.reader).statusCode()).isIn(200, 503);
  }

  @Test
  void metrics_without_a_prometheus_registry_are_the_json_snapshot() {
    http.post("/v1/jobs", http.writer, "{\"type\":\"noop\"}");
    http.flow.runDueJobs();

    HttpResponse<String> r = http.get("/metrics", http.reader);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode m = json(r);
    assertThat(m.get("kind").asText()).isEqualTo("metrics");
    assertThat(m.get("executions").asLong()).isEqualTo(1);
    assertThat(m.get("byType").get("noop").get("succeeded").asLong()).isEqualTo(1);
    assertThat(http.get("/metrics", null).statusCode()).isEqualTo(401);
  }

  @Test
  void api_keys_are_made_by_an_admin_shown_once_listed_revoked_and_deleted() {
    HttpResponse<String> made =
        http.post("/v1/api-keys", http.admin, "{\"name\":\"ci\",\"scope\":\"write\"}");
    assertThat(made.statusCode()).isEqualTo(201);
    JsonNode key = json(made);
    String plain = key.get("key").asText();
    String id = key.get("id").asText();
    assertThat(plain).startsWith("mf_");
    assertThat(key.get("scope").asText()).isEqualTo("write");
    assertThat(made.headers().firstValue("Location")).contains("/v1/api-keys/" + id);
    assertThat(http.post("/v1/jobs", plain, "{\"type\":\"noop\"}").statusCode()).isEqualTo(201);

    HttpResponse<String> list = http.get("/v1/api-keys", http.admin);
    assertThat(list.body()).doesNotContain(plain).doesNotContain("hash");
    assertThat(json(list).get("items").findValuesAsText("name")).contains("admin", "ci");

    JsonNode revoked = json(http.post("/v1/api-keys/" + id + "/revoke", http.admin));
    assertThat(revoked.get("active").asBoolean()).isFalse();
    assertThat(http.get("/v1/jobs", plain).statusCode()).isEqualTo(401);
    assertThat(http.delete("/v1/api-keys/" + id, http.admin).statusCode()).isEqualTo(204);
    HttpResponse<String> gone = http.delete("/v1/api-keys/" + id, http.admin);
    assertThat(gone.statusCode()).isEqualTo(404);
    assertThat(json(gone).get("code").asText()).isEqualTo("API_KEY_NOT_FOUND");
  }

  @Test
  void an_api_key_request_with_a_bad_scope_or_name_is_400_with_its_path() {
    HttpResponse<String> scope =
        http.post("/v1/api-keys", http.admin, "{\"name\":\"x\",\"scope\":\"root\"}");
    assertThat(scope.statusCode()).isEqualTo(400);
    assertThat(json(scope).get("path").asText()).isEqualTo("$.scope");
    assertThat(json(scope).get("message").asText()).isEqualTo("scope must be read, write or admin");
    HttpResponse<String> name = http.post("/v1/api-keys", http.admin, "{\"scope\":\"read\"}");
    assertThat(json(name).get("code").asText()).isEqualTo("MISSING_FIELD");
    assertThat(json(name).get("path").asText()).isEqualTo("$.name");
    assertThat(http.flow.apiKeys().list())
        .noneMatch(k -> k.scope() == ApiScope.ADMIN && k.name().equals("x"));
  }

  @Test
  void static_files_come_from_the_class_path_with_their_content_type() throws IOException {
    HttpResponse<String> css = http.get("/assets/http-test.css", null);
    assertThat(css.statusCode()).isEqualTo(200);
    assertThat(css.headers().firstValue("Content-Type")).contains("text/css; charset=utf-8");
    assertThat(css.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    assertThat(css.body()).contains("body { color: #222; }");

    HttpResponse<String> missing = http.get("/assets/nothing.js", null);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(json(missing).get("code").asText()).isEqualTo("ROUTE_NOT_FOUND");
    assertThat(http.get("/assets/.hidden", null).statusCode()).isEqualTo(404);
    assertThat(RawHttp.get(http.host.port(), "/assets/%2e%2e/openapi.json", ""))
        .startsWith("HTTP/1.1 400");
  }

  @Test
  void the_openapi_document_is_served_without_a_key() {
    HttpResponse<String> r = http.get("/v1/openapi.json", null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r).get("openapi").asText()).startsWith("3.");
  }
}
