package io.mediaflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.event.Event;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code flow.webhooks().receive(...)} refusing requests: each refusal has its status, code and
 * message, starts no run and publishes no event; no credential reaches a message, a log line or a
 * {@code toString()}; and the source settings are checked at once.
 */
class WebhooksRefusalTest extends InboundTestSupport {

  static final String TOKEN = "t0ken-s3cret-value";

  final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  final List<Event> published = new CopyOnWriteArrayList<>();
  PrintStream originalErr;
  MediaFlow f;

  @BeforeEach
  void start() {
    // slf4j-simple, the test binding, writes to whatever System.err is when it logs
    originalErr = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    f =
        flow(
            InboundSource.json("token").headerToken("X-Api-Key", TOKEN).build(),
            InboundSource.json("signed")
                .signed(WebhookVerifier.builder().secret(SECRET).clock(clock).build())
                .build(),
            InboundSource.radarr("small").noAuth().maxBodyBytes(100).build());
    f.rules().register(recordOn("any", "**", "${trigger.eventType}"));
    f.events().subscribe("media.**", published::add);
    f.events().subscribe("webhook.**", published::add);
  }

  @AfterEach
  void restoreErr() {
    System.setErr(originalErr);
    originalErr.print(captured.toString(StandardCharsets.UTF_8));
  }

  static final WebhookSecret SECRET = WebhookSecret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

  WebhookReceipt.Refusal refused(WebhookReceipt r, int status, String code) {
    assertThat(r.status()).isEqualTo(status);
    assertThat(r.accepted()).isFalse();
    assertThat(r.runsStarted()).isZero();
    assertThat(r.eventId()).isEmpty();
    WebhookReceipt.Refusal why = r.refusal().orElseThrow();
    assertThat(why.code().code()).isEqualTo(code);
    assertThat(why.suggestion()).isNotBlank();
    assertThat(jobs()).as("nothing started").isEmpty();
    assertThat(published).as("nothing published").isEmpty();
    return why;
  }

  @Test
  void a_wrong_password_is_refused_with_401() {
    var why =
        refused(
            f.webhooks()
                .receive("radarr-main", basic(USER, "wrong-pass"), fixture("radarr", "download")),
            401,
            "INBOUND_AUTH_INVALID");
    assertThat(why.message())
        .isEqualTo("the Authorization header's basic credentials do not match");
  }

  @Test
  void a_missing_authorization_header_is_refused_with_401() {
    var why =
        refused(
            f.webhooks().receive("radarr-main", Map.of(), fixture("radarr", "download")),
            401,
            "INBOUND_AUTH_MISSING");
    assertThat(why.message()).isEqualTo("the request has no Authorization header");
  }

  @Test
  void a_wrong_token_is_refused_with_401_and_a_right_one_in_any_case_accepted() {
    var why =
        refused(
            f.webhooks().receive("token", Map.of("X-API-KEY", List.of("guess")), utf8("{}")),
            401,
            "INBOUND_AUTH_INVALID");
    assertThat(why.message()).isEqualTo("the X-Api-Key header does not match the source's token");

    assertThat(
            f.webhooks().receive("token", Map.of("X-API-KEY", List.of(TOKEN)), utf8("{}")).status())
        .isEqualTo(202);
  }

  @Test
  void a_bad_signature_is_refused_with_401_and_a_good_one_accepted() {
    byte[] body = utf8("{\"build\": 12}");
    WebhookSigner signer =
        WebhookSigner.builder().secret(WebhookSecret.generate()).clock(clock).build();
    Map<String, List<String>> forged = headers(signer.sign("msg_1", body).asMap());
    var why =
        refused(f.webhooks().receive("signed", forged, body), 401, "WEBHOOK_SIGNATURE_INVALID");
    assertThat(why.message()).doesNotContain("whsec_");

    WebhookSigner right = WebhookSigner.builder().secret(SECRET).clock(clock).build();
    WebhookReceipt ok =
        f.webhooks().receive("signed", headers(right.sign("msg_1", body).asMap()), body);
    assertThat(ok.status()).isEqualTo(202);
    assertThat(ok.eventId()).contains("signed:msg_1");
    assertThat(ok.runsStarted()).isOne();
  }

  @Test
  void an_unsigned_request_to_a_signed_source_is_refused_with_401() {
    refused(f.webhooks().receive("signed", Map.of(), utf8("{}")), 401, "WEBHOOK_HEADER_MISSING");
  }

  @Test
  void a_body_over_the_limit_is_refused_with_413_before_its_credentials_are_read() {
    var why =
        refused(
            f.webhooks().receive("small", Map.of(), new byte[101]), 413, "INBOUND_BODY_TOO_LARGE");
    assertThat(why.message())
        .isEqualTo("the body sent to source 'small' has 101 bytes, more than its limit of 100");
  }

  @Test
  void an_unknown_source_is_refused_with_404_and_a_hostile_name_is_not_echoed_raw() {
    var why =
        refused(
            f.webhooks().receive("nope", radarrAuth(), utf8("{}")), 404, "INBOUND_SOURCE_UNKNOWN");
    assertThat(why.message()).isEqualTo("no inbound webhook source 'nope' is configured");

    var forged =
        refused(
            f.webhooks().receive("x\nINFO fake line", radarrAuth(), utf8("{}")),
            404,
            "INBOUND_SOURCE_UNKNOWN");
    assertThat(forged.message())
        .isEqualTo("no inbound webhook source 'x?INFO fake line' is configured");
  }

  @Test
  void a_body_that_is_not_json_is_refused_with_400_and_its_place() {
    var why =
        refused(
            f.webhooks()
                .receive("radarr-main", radarrAuth(), utf8("{\n  \"eventType\": Download}")),
            400,
            "INBOUND_MALFORMED_JSON");
    assertThat(why.message())
        .startsWith("the radarr webhook body is not valid JSON at line 2, column");

    var array =
        refused(
            f.webhooks().receive("token", tokenHeader(), utf8("[1]")),
            400,
            "INBOUND_MALFORMED_JSON");
    assertThat(array.message())
        .isEqualTo("the json source 'token' webhook body is a JSON array, not a JSON object at $");
  }

  @Test
  void a_download_without_its_file_is_refused_with_400_and_the_json_path() {
    var why =
        refused(
            f.webhooks()
                .receive(
                    "radarr-main",
                    radarrAuth(),
                    utf8(
                        "{\"eventType\": \"Download\", \"movie\": {\"id\": 1, \"title\": \"Up\"}}")),
            400,
            "INBOUND_FIELD_MISSING");
    assertThat(why.message()).isEqualTo("$.movieFile is missing (radarr Download webhook)");
  }

  @Test
  void no_credential_reaches_a_message_a_log_line_or_a_to_string() {
    f.webhooks().receive("radarr-main", basic(USER, "hunter3-other"), fixture("radarr", "test"));
    f.webhooks().receive("token", Map.of("X-Api-Key", List.of("t0ken-guess-value")), utf8("{}"));
    WebhookReceipt r =
        f.webhooks().receive("radarr-main", basic(USER, PASSWORD + "x"), fixture("radarr", "test"));
    String texts =
        captured.toString(StandardCharsets.UTF_8)
            + r
            + InboundSource.radarr("r").basicAuth(USER, PASSWORD).build()
            + InboundSource.json("j").headerToken("X-Api-Key", TOKEN).build()
            + InboundSource.json("s")
                .signed(WebhookVerifier.builder().secret(SECRET).build())
                .build();

    assertThat(captured.toString(StandardCharsets.UTF_8)).contains("INBOUND_AUTH_INVALID");
    assertThat(texts)
        .doesNotContain(PASSWORD, "hunter3-other", TOKEN, "t0ken-guess-value", "MfKQ9r8GKYqr")
        .doesNotContain(basic(USER, PASSWORD).get("authorization").get(0).substring(6));
  }

  @Test
  void source_settings_are_checked_at_once() {
    assertThatThrownBy(() -> InboundSource.radarr("radarr").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "source radarr has no proof of its sender: call basicAuth, headerToken or signed, or"
                + " noAuth() for a sender on a trusted network");
    assertThatThrownBy(() -> InboundSource.json("a/b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "an inbound source's name must be 1 to 64 letters, digits, '_' or '-' (it is a URL"
                + " path segment and an event type's) but was \"a/b\"");
    assertThatThrownBy(() -> InboundSource.json("a").noAuth().basicAuth("u", "p"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("source a already has its proof (None[]); choose one");
    assertThatThrownBy(() -> InboundSource.json("a").maxBodyBytes(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxBodyBytes must be at least 1 but was 0");
    InboundSource twice = InboundSource.json("dup").noAuth().build();
    assertThatThrownBy(() -> MediaFlow.builder().inboundWebhook(twice).inboundWebhook(twice))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("inbound webhook source dup is set twice");
  }

  @Test
  void receive_names_a_missing_argument() {
    assertThatThrownBy(() -> f.webhooks().receive(null, Map.of(), new byte[0]))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("source");
    assertThatThrownBy(() -> f.webhooks().receive("token", null, new byte[0]))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("headers");
    assertThatThrownBy(() -> f.webhooks().receive("token", Map.of(), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("body");
    assertThatThrownBy(() -> f.webhooks().source(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("source");
  }

  static Map<String, List<String>> tokenHeader() {
    return Map.of("X-Api-Key", List.of(TOKEN));
  }

  static Map<String, List<String>> headers(Map<String, String> single) {
    Map<String, List<String>> out = new java.util.HashMap<>();
    single.forEach((k, v) -> out.put(k, List.of(v)));
    return out;
  }
}
