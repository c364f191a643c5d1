package io.mediaflow.http;

import static io.mediaflow.http.HttpFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Outgoing webhook registrations, deliveries, redelivery and inbound hooks over real HTTP. */
class WebhookRoutesTest extends HostTest {

  static final String REGISTRATION =
      "{\"id\":\"ops\",\"url\":\"https://hooks.example.com/in\",\"patterns\":[\"job.dead\"],"
          + "\"secrets\":[\"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\"]}";

  @Test
  void a_registration_is_made_by_an_admin_shown_without_its_secrets_and_switched_off_and_on() {
    assertThat(http.post("/v1/webhooks", http.writer, REGISTRATION).statusCode()).isEqualTo(403);
    HttpResponse<String> made = http.post("/v1/webhooks", http.admin, REGISTRATION);
    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    assertThat(made.body()).doesNotContain("whsec_");
    assertThat(json(made).get("secrets").asInt()).isEqualTo(1);

    JsonNode list = json(http.get("/v1/webhooks", http.reader));
    assertThat(list.get("items").findValuesAsText("id")).containsExactly("ops");
    assertThat(
            json(http.post("/v1/webhooks/ops/deactivate", http.writer)).get("active").asBoolean())
        .isFalse();
    assertThat(json(http.post("/v1/webhooks/ops/activate", http.writer)).get("active").asBoolean())
        .isTrue();
    assertThat(json(http.get("/v1/webhooks/ops/deliveries", http.reader)).get("items")).isEmpty();
    assertThat(json(http.get("/v1/webhooks/ops/attempts", http.reader)).get("items")).isEmpty();

    assertThat(http.delete("/v1/webhooks/ops", http.admin).statusCode()).isEqualTo(204);
    HttpResponse<String> gone = http.get("/v1/webhooks/ops", http.reader);
    assertThat(gone.statusCode()).isEqualTo(404);
    assertThat(json(gone).get("code").asText()).isEqualTo("WEBHOOK_NOT_FOUND");
  }

  @Test
  void a_bad_registration_is_400_at_its_path() {
    HttpResponse<String> http1 =
        http.post("/v1/webhooks", http.admin, REGISTRATION.replace("https://hooks", "ftp://hooks"));
    assertThat(http1.statusCode()).isEqualTo(400);
    assertThat(json(http1).get("code").asText()).isEqualTo("WEBHOOK_URL_INVALID");
    HttpResponse<String> unknown =
        http.post("/v1/webhooks", http.admin, REGISTRATION.replace("\"patterns\"", "\"pattern\""));
    assertThat(json(unknown).get("code").asText()).isEqualTo("UNKNOWN_FIELD");
    assertThat(json(unknown).get("path").asText()).isEqualTo("$.pattern");
  }

  @Test
  void deliveries_are_listed_by_state() {
    assertThat(http.post("/v1/webhooks", http.admin, REGISTRATION).statusCode()).isEqualTo(201);
    String job =
        json(http.post("/v1/jobs", http.writer, "{\"type\":\"doomed\",\"maxAttempts\":1}"))
            .get("id")
            .asText();
    http.flow
        .runDueJobs(); // the job dies; its job.dead event makes a delivery, which cannot arrive

    JsonNode all = json(http.get("/v1/webhooks/ops/deliveries", http.reader)).get("items");
    assertThat(all).as("on its way or dead, by default").hasSize(1);
    String delivery = all.get(0).get("id").asText();
    String state = all.get(0).get("state").asText();
    assertThat(delivery).isNotEqualTo(job);
    assertThat(state).isNotIn("COMPLETED", "CANCELLED");

    JsonNode inState =
        json(http.get("/v1/webhooks/ops/deliveries?state=" + state.toLowerCase(), http.reader));
    assertThat(inState.get("items").findValuesAsText("id")).containsExactly(delivery);
    assertThat(
            json(http.get("/v1/webhooks/ops/deliveries?state=completed,cancelled", http.reader))
                .get("items"))
        .isEmpty();

    HttpResponse<String> bad = http.get("/v1/webhooks/ops/deliveries?state=sent", http.reader);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(json(bad).get("code").asText()).isEqualTo("INVALID_VALUE");
    assertThat(json(bad).get("path").asText()).isEqualTo("?state");
    assertThat(json(bad).get("message").asText()).isEqualTo("unknown job state \"sent\"");
    assertThat(json(bad).get("suggestion").asText()).contains("DEAD", "separated by commas");
  }

  @Test
  void redelivering_what_is_no_delivery_is_refused() {
    String id = json(http.post("/v1/jobs", http.writer, "{\"type\":\"noop\"}")).get("id").asText();
    HttpResponse<String> r = http.post("/v1/deliveries/" + id + "/redeliver", http.writer);
    assertThat(r.statusCode()).isEqualTo(409);
    assertThat(json(r).get("code").asText()).isEqualTo("WEBHOOK_DELIVERY_NOT_REDELIVERABLE");
    assertThat(http.post("/v1/deliveries/nope/redeliver", http.writer).statusCode()).isEqualTo(404);
  }

  @Test
  void an_inbound_hook_of_an_unknown_source_is_refused_with_a_json_error_without_a_key() {
    HttpResponse<String> r = http.post("/v1/hooks/nobody", null, "{\"eventType\":\"Test\"}");
    assertThat(r.statusCode()).isEqualTo(404);
    JsonNode e = json(r);
    assertThat(e.get("code").asText()).isNotEmpty();
    assertThat(e.get("message").asText()).contains("nobody");
  }
}
