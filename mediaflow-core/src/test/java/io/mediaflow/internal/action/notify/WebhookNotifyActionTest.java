package io.mediaflow.internal.action.notify;

import static io.mediaflow.internal.action.ActionRuns.completes;
import static io.mediaflow.internal.action.ActionRuns.fails;
import static io.mediaflow.internal.action.ActionRuns.node;
import static io.mediaflow.internal.action.ActionRuns.nodeRun;
import static io.mediaflow.internal.action.ActionRuns.outputs;
import static io.mediaflow.internal.action.ActionRuns.quoted;
import static io.mediaflow.internal.action.ActionRuns.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediaflow.InMemoryStorage;
import io.mediaflow.JobHandle;
import io.mediaflow.MediaFlow;
import io.mediaflow.WebhookSecret;
import io.mediaflow.WebhookVerifier;
import io.mediaflow.api.job.JobError;
import io.mediaflow.testkit.ManualClock;
import io.mediaflow.webhooks.StandardWebhooksReference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code notify.webhook} through real workflow runs to a real HTTP receiver on loopback. */
class WebhookNotifyActionTest {

  static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

  final ManualClock clock = ManualClock.at(T0);
  final WebhookSecret secret = WebhookSecret.generate();
  final List<MediaFlow> flows = new ArrayList<>();
  Receiver receiver;

  @BeforeEach
  void serve() throws Exception {
    receiver = new Receiver();
  }

  @AfterEach
  void close() {
    flows.forEach(MediaFlow::close);
    receiver.close();
  }

  MediaFlow flow(boolean privateNetwork, boolean hostSecret) {
    MediaFlow.Builder b =
        MediaFlow.builder().storage(new InMemoryStorage()).clock(clock).runOnCallingThread();
    if (privateNetwork) {
      b.allowPrivateNetwork();
    }
    if (hostSecret) {
      b.actionService(WebhookSecret.class, secret);
    }
    MediaFlow f = b.build();
    flows.add(f);
    return f;
  }

  MediaFlow flow() {
    return flow(true, true);
  }

  static String notify(String params) {
    return workflow(node("tell", "notify.webhook", params));
  }

  String params(String extra) {
    return "{\"url\":"
        + quoted(receiver.url("/hooks/in?token=t0ps3cret"))
        + ",\"type\":\"video.ready\",\"data\":{\"file\":\"a.mp4\",\"size\":42}"
        + extra
        + "}";
  }

  @Test
  void posts_one_signed_message_that_the_verifier_and_an_independent_implementation_accept()
      throws Exception {
    MediaFlow f = flow();

    JobHandle h = completes(f, f.workflows().start(notify(params("")), Map.of()));

    assertThat(receiver.received).hasSize(1);
    Receiver.Received r = receiver.received.get(0);
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/hooks/in?token=t0ps3cret");
    assertThat(r.header("content-type")).isEqualTo("application/json");
    String id = r.header("webhook-id");
    assertThat(id).matches("msg_[0-9A-Za-z]{24}");
    assertThat(r.header("webhook-timestamp")).isEqualTo(Long.toString(T0.getEpochSecond()));
    WebhookVerifier verifier = WebhookVerifier.builder().secret(secret).clock(clock).build();
    assertThat(verifier.verify(r.headers(), r.body()).id()).isEqualTo(id);
    assertThat(
            StandardWebhooksReference.verify(
                secret.text(), id, T0.getEpochSecond(), r.text(), r.header("webhook-signature")))
        .isTrue();
    JsonNode body = new ObjectMapper().readTree(r.body());
    assertThat(body.get("type").asText()).isEqualTo("video.ready");
    assertThat(body.get("timestamp").asText()).isEqualTo("2026-03-01T12:00:00Z");
    assertThat(body.get("data").toString()).isEqualTo("{\"file\":\"a.mp4\",\"size\":42}");
    assertThat(outputs(h, "tell"))
        .containsEntry("id", id)
        .containsEntry("status", 200)
        .containsEntry("timestamp", (int) T0.getEpochSecond());
    String summary = nodeRun(f, h, "tell").summary();
    assertThat(summary)
        .isEqualTo("posted 'video.ready' to " + receiver.url("/hooks/in") + ": HTTP 200");
  }

  @Test
  void a_secret_given_on_the_node_signs_and_appears_in_no_output_summary_or_result() {
    MediaFlow f = flow(true, false);
    WebhookSecret own = WebhookSecret.generate();

    JobHandle h =
        completes(
            f, f.workflows().start(notify(params(",\"secret\":" + quoted(own.text()))), Map.of()));

    Receiver.Received r = receiver.received.get(0);
    WebhookVerifier verifier = WebhookVerifier.builder().secret(own).clock(clock).build();
    assertThat(verifier.verify(r.headers(), r.body()).id()).isEqualTo(r.header("webhook-id"));
    String key = own.text().substring(WebhookSecret.PREFIX.length());
    assertThat(h.status().result().orElseThrow()).doesNotContain(key);
    assertThat(nodeRun(f, h, "tell").summary()).doesNotContain(key).doesNotContain("t0ps3cret");
  }

  @Test
  void a_given_id_is_sent_as_it_is() {
    MediaFlow f = flow();

    JobHandle h = completes(f, f.workflows().start(notify(params(",\"id\":\"evt_42\"")), Map.of()));

    assertThat(receiver.received.get(0).header("webhook-id")).isEqualTo("evt_42");
    assertThat(outputs(h, "tell")).containsEntry("id", "evt_42");
  }

  @Test
  void a_test_run_sends_nothing_and_says_what_it_would_send() {
    MediaFlow f = flow();

    JobHandle h = completes(f, f.workflows().testRun(notify(params("")), Map.of()));

    assertThat(receiver.received).isEmpty();
    assertThat(nodeRun(f, h, "tell").summary())
        .isEqualTo(
            "test run: would POST a signed 'video.ready' message to " + receiver.url("/hooks/in"));
    assertThat(outputs(h, "tell")).containsEntry("status", 0);
  }

  @Test
  void loopback_is_refused_unless_the_host_allows_the_private_network() {
    MediaFlow f = flow(false, true);

    JobError e = fails(f, f.workflows().start(notify(params("")), Map.of()));

    assertThat(e.code()).isEqualTo("ADDRESS_NOT_ALLOWED");
    assertThat(e.message()).contains("127.0.0.1").doesNotContain("t0ps3cret");
    assertThat(receiver.received).isEmpty();
  }

  @Test
  void cloud_metadata_addresses_are_refused_even_when_the_private_network_is_allowed() {
    MediaFlow f = flow(true, true);

    JobError e =
        fails(
            f,
            f.workflows()
                .start(notify("{\"url\":\"http://169.254.169.254/latest/meta-data/\"}"), Map.of()));

    assertThat(e.code()).isEqualTo("ADDRESS_NOT_ALLOWED");
    assertThat(e.message()).contains("169.254.169.254");
  }

  @Test
  void a_server_error_is_rejected_as_retryable_and_a_client_error_as_final() {
    MediaFlow f = flow();
    receiver.status = 503;
    receiver.answer = "busy\r\nnow";

    JobError busy = fails(f, f.workflows().start(notify(params("")), Map.of()));

    assertThat(busy.code()).isEqualTo("NOTIFY_WEBHOOK_REJECTED");
    assertThat(busy.message())
        .contains(
            "notify.webhook: "
                + receiver.url("/hooks/in")
                + " answered HTTP 503: busy\\u000D\\u000Anow")
        .doesNotContain("t0ps3cret");
    assertThat(busy.suggestion()).contains("retry policy may try again");

    receiver.status = 404;
    receiver.answer = "";
    JobError missing = fails(f, f.workflows().start(notify(params("")), Map.of()));
    assertThat(missing.code()).isEqualTo("NOTIFY_WEBHOOK_REJECTED");
    assertThat(missing.message()).endsWith("answered HTTP 404");
    assertThat(missing.suggestion()).contains("trying again will not help");
  }

  @Test
  void a_server_error_is_retried_by_the_node_policy_with_the_same_message_id() {
    MediaFlow f = flow();
    receiver.status = 500;
    String def =
        workflow(
            "{\"id\":\"tell\",\"type\":\"action\",\"action\":\"notify.webhook\",\"params\":"
                + params("")
                + ",\"retry\":{\"maxAttempts\":2,\"kind\":\"FIXED\",\"initialDelay\":\"10s\","
                + "\"jitter\":0}}");
    JobHandle h = f.workflows().start(def, Map.of());
    f.runDueJobs();
    assertThat(receiver.received).hasSize(1);

    receiver.status = 204;
    clock.advance(java.time.Duration.ofSeconds(10));
    completes(f, h);

    assertThat(receiver.received).hasSize(2);
    Receiver.Received second = receiver.received.get(1);
    assertThat(second.header("webhook-id"))
        .isEqualTo(receiver.received.get(0).header("webhook-id"));
    assertThat(second.header("webhook-timestamp"))
        .isEqualTo(Long.toString(T0.getEpochSecond() + 10));
    assertThat(outputs(h, "tell")).containsEntry("status", 204);
  }

  @Test
  void without_a_secret_the_action_says_how_to_give_one() {
    MediaFlow f = flow(true, false);

    JobError e = fails(f, f.workflows().start(notify(params("")), Map.of()));

    assertThat(e.code()).isEqualTo("NOTIFY_WEBHOOK_NO_SECRET");
    assertThat(e.message())
        .contains(
            "notify.webhook: no secret to sign with: the node gives no \"secret\" and the host"
                + " registered no WebhookSecret");
    assertThat(e.suggestion()).contains("actionService(WebhookSecret.class");
    assertThat(receiver.received).isEmpty();
  }

  @Test
  void bad_urls_secrets_ids_and_headers_fail_with_their_codes_and_send_nothing() {
    MediaFlow f = flow();
    record Case(String params, String code, String message) {}
    List<Case> cases =
        List.of(
            new Case(
                "{\"url\":\"ftp://example.com/x\"}",
                "NOTIFY_URL_INVALID",
                "the url must be an absolute http or https address"),
            new Case(
                params(",\"secret\":\"whsec_c2hvcnQ=\""),
                "WEBHOOK_SECRET_INVALID",
                "webhook secret must hold at least 24 bytes but this one holds 5"),
            new Case(
                params(",\"id\":\"two words\""),
                "WEBHOOK_ID_INVALID",
                "a webhook id must be 1 to 256 visible ASCII characters"),
            new Case(
                params(",\"headers\":{\"Webhook-Signature\":\"v1,forged\"}"),
                "NOTIFY_HEADER_INVALID",
                "notify.webhook: header Webhook-Signature is set by the action itself"),
            new Case(
                params(",\"headers\":{\"X-Tag\":\"a\\r\\nX-Evil: 1\"}"),
                "NOTIFY_HEADER_INVALID",
                "notify.webhook: header X-Tag has a line break in its value"),
            new Case(
                params(",\"headers\":{\"Bad Name\":\"a\"}"),
                "NOTIFY_HEADER_INVALID",
                "header name \"Bad Name\" is not an HTTP token"));
    for (Case c : cases) {
      JobError e = fails(f, f.workflows().start(notify(c.params()), Map.of()));
      assertThat(e.code()).as(c.params()).isEqualTo(c.code());
      assertThat(e.message()).as(c.params()).contains(c.message());
    }
    assertThat(receiver.received).isEmpty();
  }
}
