package io.mediaflow.internal.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactorTest {

  @Test
  void masks_values_of_sensitive_keys_in_any_case_and_spelling() {
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("user", "ann");
    in.put("password", "p1");
    in.put("PASSWD", "p2");
    in.put("token", "t");
    in.put("apiKey", "k1");
    in.put("api_key", "k2");
    in.put("x-api-key", "k3");
    in.put("accessToken", "t2");
    in.put("client_secret", "s");
    in.put("Authorization", "Bearer abc");
    in.put("Set-Cookie", "id=1");
    in.put("retries", 3);

    Map<String, Object> out = Redactor.redact(in);

    assertThat(out)
        .containsExactly(
            Map.entry("user", "ann"),
            Map.entry("password", "***"),
            Map.entry("PASSWD", "***"),
            Map.entry("token", "***"),
            Map.entry("apiKey", "***"),
            Map.entry("api_key", "***"),
            Map.entry("x-api-key", "***"),
            Map.entry("accessToken", "***"),
            Map.entry("client_secret", "***"),
            Map.entry("Authorization", "***"),
            Map.entry("Set-Cookie", "***"),
            Map.entry("retries", 3));
    assertThat(in.get("password")).as("the input is left alone").isEqualTo("p1");
  }

  @Test
  void masks_inside_nested_maps_and_lists() {
    Map<String, Object> in =
        Map.of(
            "target",
            Map.of(
                "url",
                "https://x",
                "headers",
                Map.of("Authorization", "Basic zzz", "Accept", "*/*")),
            "hooks",
            List.of(Map.of("secret", "s1", "name", "a")));

    Map<String, Object> out = Redactor.redact(in);

    assertThat(out.get("target"))
        .isEqualTo(
            Map.of("url", "https://x", "headers", Map.of("Authorization", "***", "Accept", "*/*")));
    assertThat(out.get("hooks")).isEqualTo(List.of(Map.of("secret", "***", "name", "a")));
  }

  @Test
  void a_whole_sensitive_map_value_is_masked() {
    assertThat(Redactor.redact(Map.of("secrets", Map.of("a", 1)))).containsEntry("secrets", "***");
  }

  @Test
  void masks_key_value_pairs_in_text() {
    assertThat(Redactor.redact("GET /hook?token=abc123&page=2 HTTP/1.1"))
        .isEqualTo("GET /hook?token=***&page=2 HTTP/1.1");
    assertThat(Redactor.redact("connect user=ann password=hunter2 host=db"))
        .isEqualTo("connect user=ann password=*** host=db");
    assertThat(Redactor.redact("X-Api-Key: k-123")).isEqualTo("X-Api-Key: ***");
    assertThat(Redactor.redact("db.password='a b c' ok")).isEqualTo("db.password=*** ok");
  }

  @Test
  void masks_json_members() {
    assertThat(Redactor.redact("{\"user\":\"ann\",\"apiKey\":\"k\\\"1\",\"pin\":12,\"token\": 99}"))
        .isEqualTo("{\"user\":\"ann\",\"apiKey\":\"***\",\"pin\":12,\"token\": ***}");
  }

  @Test
  void masks_bearer_and_basic_credentials_and_url_passwords() {
    assertThat(Redactor.redact("Authorization: Bearer eyJhbGciOi.x.y"))
        .isEqualTo("Authorization: ***");
    assertThat(Redactor.redact("sent bearer eyJhbGciOi.x.y to the hook"))
        .isEqualTo("sent bearer *** to the hook");
    assertThat(Redactor.redact("fetch https://ann:hunter2@example.com/a"))
        .isEqualTo("fetch https://ann:***@example.com/a");
  }

  @Test
  void leaves_harmless_text_alone() {
    String text = "job 01J made 3 outputs in 2.5 s; key=value; tokens are fine as words";
    assertThat(Redactor.redact(text)).isEqualTo(text);
    assertThat(Redactor.redact((String) null)).isNull();
  }

  @Test
  void tells_which_keys_are_sensitive() {
    assertThat(Redactor.isSensitive("X-API-KEY")).isTrue();
    assertThat(Redactor.isSensitive("refresh_token")).isTrue();
    assertThat(Redactor.isSensitive("cookieJar")).isTrue();
    assertThat(Redactor.isSensitive("key")).isFalse();
    assertThat(Redactor.isSensitive("author")).isFalse();
    assertThat(Redactor.isSensitive(null)).isFalse();
  }
}
