package io.mediaflow.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.WebhookErrors;
import io.mediaflow.WebhookSecret;
import io.mediaflow.WebhookSigner;
import io.mediaflow.WebhookVerifier;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.testkit.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** The signer and the verifier against the spec's example and an independent implementation. */
class WebhookSigningTest {

  // the example of the Standard Webhooks specification and its reference libraries' tests
  static final String SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  static final String SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  static final long SPEC_TS = 1614265330;
  static final String SPEC_BODY = "{\"test\": 2432232314}";
  static final String SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

  final ManualClock clock = ManualClock.at(Instant.ofEpochSecond(SPEC_TS));

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  WebhookVerifier verifier(String... secrets) {
    WebhookVerifier.Builder b = WebhookVerifier.builder().clock(clock);
    for (String s : secrets) {
      b.secret(WebhookSecret.parse(s));
    }
    return b.build();
  }

  static AbstractThrowableAssert<?, ?> failsWith(Runnable r, ErrorCode code, String message) {
    return assertThatThrownBy(r::run)
        .isInstanceOf(MediaFlowException.class)
        .satisfies(e -> assertThat(((MediaFlowException) e).code()).isEqualTo(code))
        .hasMessageContaining(message);
  }

  @Test
  void the_independent_implementation_reproduces_the_specification_example() {
    assertThat(StandardWebhooksReference.sign(SPEC_SECRET, SPEC_ID, SPEC_TS, SPEC_BODY))
        .isEqualTo(SPEC_SIGNATURE);
  }

  @Test
  void the_signer_makes_the_specification_example_signature() {
    WebhookSigner signer =
        WebhookSigner.builder().secret(WebhookSecret.parse(SPEC_SECRET)).clock(clock).build();

    WebhookSigner.Headers h = signer.sign(SPEC_ID, utf8(SPEC_BODY));

    assertThat(h.asMap())
        .containsExactly(
            Map.entry("webhook-id", SPEC_ID),
            Map.entry("webhook-timestamp", Long.toString(SPEC_TS)),
            Map.entry("webhook-signature", SPEC_SIGNATURE));
  }

  @Test
  void signer_and_independent_implementation_agree_on_random_messages_both_ways() {
    Random random = new Random(14);
    for (int i = 0; i < 200; i++) {
      String secret = WebhookSecret.generate().text();
      String id = "msg_" + Integer.toHexString(random.nextInt()) + "-" + i;
      long ts = 1_600_000_000L + random.nextInt(100_000_000);
      StringBuilder body = new StringBuilder("{\"n\":" + i + ",\"text\":\"");
      for (int c = random.nextInt(300); c > 0; c--) {
        body.appendCodePoint(0x20 + random.nextInt(0x2000)); // beyond ASCII too
      }
      String payload = body.append("\"}").toString();
      WebhookSigner signer = WebhookSigner.builder().secret(WebhookSecret.parse(secret)).build();

      WebhookSigner.Headers h = signer.sign(id, Instant.ofEpochSecond(ts), utf8(payload));

      assertThat(h.signature()).isEqualTo(StandardWebhooksReference.sign(secret, id, ts, payload));
      ManualClock at = ManualClock.at(Instant.ofEpochSecond(ts));
      WebhookVerifier v =
          WebhookVerifier.builder().secret(WebhookSecret.parse(secret)).clock(at).build();
      String theirs = StandardWebhooksReference.sign(secret, id, ts, payload);
      assertThat(v.verify(id, Long.toString(ts), theirs, utf8(payload)).id()).isEqualTo(id);
    }
  }

  @Test
  void during_a_rotation_the_request_carries_one_signature_a_secret_and_either_receiver_accepts() {
    String old = WebhookSecret.generate().text();
    String fresh = WebhookSecret.generate().text();
    WebhookSigner signer =
        WebhookSigner.builder()
            .secret(WebhookSecret.parse(fresh))
            .secret(WebhookSecret.parse(old))
            .clock(clock)
            .build();

    WebhookSigner.Headers h = signer.sign("msg_1", utf8("{}"));

    assertThat(h.signature().split(" ")).hasSize(2);
    assertThat(StandardWebhooksReference.verify(old, "msg_1", SPEC_TS, "{}", h.signature()))
        .isTrue();
    assertThat(StandardWebhooksReference.verify(fresh, "msg_1", SPEC_TS, "{}", h.signature()))
        .isTrue();
    assertThat(verifier(old).verify("msg_1", "" + SPEC_TS, h.signature(), utf8("{}")).id())
        .isEqualTo("msg_1");
    assertThat(verifier(fresh).verify("msg_1", "" + SPEC_TS, h.signature(), utf8("{}")).id())
        .isEqualTo("msg_1");
    // a receiver that knows both during its own rotation accepts a sender that has only one
    assertThat(
            verifier(old, fresh)
                .verify(
                    "msg_1",
                    "" + SPEC_TS,
                    StandardWebhooksReference.sign(old, "msg_1", SPEC_TS, "{}"),
                    utf8("{}"))
                .timestamp())
        .isEqualTo(Instant.ofEpochSecond(SPEC_TS));
  }

  @Test
  void verify_reads_headers_in_any_case_and_passes_over_other_signature_versions() {
    Map<String, List<String>> headers =
        Map.of(
            "Webhook-Id", List.of(SPEC_ID),
            "WEBHOOK-TIMESTAMP", List.of(Long.toString(SPEC_TS)),
            "webhook-signature", List.of("v1a,AAAA v1,bm90IGl0 garbage v1,@@@ " + SPEC_SIGNATURE));

    WebhookVerifier.Verified ok = verifier(SPEC_SECRET).verify(headers, utf8(SPEC_BODY));

    assertThat(ok).isEqualTo(new WebhookVerifier.Verified(SPEC_ID, Instant.ofEpochSecond(SPEC_TS)));
  }

  @Test
  void a_timestamp_at_the_edge_of_the_window_passes_and_one_second_beyond_fails_either_way() {
    WebhookVerifier v = verifier(SPEC_SECRET);
    for (long skew : new long[] {-300, 300}) {
      long ts = SPEC_TS + skew;
      String sig = StandardWebhooksReference.sign(SPEC_SECRET, SPEC_ID, ts, SPEC_BODY);
      assertThat(v.verify(SPEC_ID, "" + ts, sig, utf8(SPEC_BODY)).id()).isEqualTo(SPEC_ID);
    }
    long old = SPEC_TS - 301;
    String oldSig = StandardWebhooksReference.sign(SPEC_SECRET, SPEC_ID, old, SPEC_BODY);
    failsWith(
        () -> v.verify(SPEC_ID, "" + old, oldSig, utf8(SPEC_BODY)),
        WebhookErrors.WEBHOOK_TIMESTAMP_OUT_OF_WINDOW,
        "webhook-timestamp 2021-02-25T14:57:09Z is older than this receiver's clock"
            + " (2021-02-25T15:02:10Z) allows: at most 300 s either way");
    long late = SPEC_TS + 301;
    String lateSig = StandardWebhooksReference.sign(SPEC_SECRET, SPEC_ID, late, SPEC_BODY);
    failsWith(
        () -> v.verify(SPEC_ID, "" + late, lateSig, utf8(SPEC_BODY)),
        WebhookErrors.WEBHOOK_TIMESTAMP_OUT_OF_WINDOW,
        "is later than this receiver's clock");
  }

  @Test
  void a_replayed_request_fails_once_the_window_has_passed() {
    WebhookVerifier v = verifier(SPEC_SECRET);
    assertThat(v.verify(SPEC_ID, "" + SPEC_TS, SPEC_SIGNATURE, utf8(SPEC_BODY)).id())
        .isEqualTo(SPEC_ID);

    clock.advance(Duration.ofMinutes(5).plusSeconds(1));

    failsWith(
        () -> v.verify(SPEC_ID, "" + SPEC_TS, SPEC_SIGNATURE, utf8(SPEC_BODY)),
        WebhookErrors.WEBHOOK_TIMESTAMP_OUT_OF_WINDOW,
        "older than this receiver's clock");
  }

  @Test
  void a_changed_body_id_or_timestamp_or_another_secret_fails_the_signature() {
    WebhookVerifier v = verifier(SPEC_SECRET);
    String message = "no v1 signature in webhook-signature matches the request body under the 1";
    failsWith(
        () -> v.verify(SPEC_ID, "" + SPEC_TS, SPEC_SIGNATURE, utf8("{\"test\": 2432232315}")),
        WebhookErrors.WEBHOOK_SIGNATURE_INVALID,
        message);
    failsWith(
        () -> v.verify("msg_other", "" + SPEC_TS, SPEC_SIGNATURE, utf8(SPEC_BODY)),
        WebhookErrors.WEBHOOK_SIGNATURE_INVALID,
        message);
    failsWith(
        () -> v.verify(SPEC_ID, "" + (SPEC_TS + 1), SPEC_SIGNATURE, utf8(SPEC_BODY)),
        WebhookErrors.WEBHOOK_SIGNATURE_INVALID,
        message);
    failsWith(
        () ->
            verifier(WebhookSecret.generate().text())
                .verify(SPEC_ID, "" + SPEC_TS, SPEC_SIGNATURE, utf8(SPEC_BODY)),
        WebhookErrors.WEBHOOK_SIGNATURE_INVALID,
        message);
    failsWith(
        () ->
            v.verify(SPEC_ID, "" + SPEC_TS, "v1a," + SPEC_SIGNATURE.substring(3), utf8(SPEC_BODY)),
        WebhookErrors.WEBHOOK_SIGNATURE_INVALID,
        message);
  }

  @Test
  void missing_headers_and_a_bad_timestamp_are_named() {
    WebhookVerifier v = verifier(SPEC_SECRET);
    byte[] body = utf8(SPEC_BODY);
    failsWith(
        () -> v.verify(null, "" + SPEC_TS, SPEC_SIGNATURE, body),
        WebhookErrors.WEBHOOK_HEADER_MISSING,
        "the request has no webhook-id header");
    failsWith(
        () -> v.verify(SPEC_ID, " ", SPEC_SIGNATURE, body),
        WebhookErrors.WEBHOOK_HEADER_MISSING,
        "the request has no webhook-timestamp header");
    failsWith(
        () -> v.verify(Map.of("webhook-id", List.of(SPEC_ID)), body),
        WebhookErrors.WEBHOOK_HEADER_MISSING,
        "no webhook-timestamp header");
    failsWith(
        () -> v.verify(SPEC_ID, "" + SPEC_TS, null, body),
        WebhookErrors.WEBHOOK_HEADER_MISSING,
        "the request has no webhook-signature header");
    failsWith(
        () -> v.verify(SPEC_ID, "2021-02-25T15:02:10Z", SPEC_SIGNATURE, body),
        WebhookErrors.WEBHOOK_TIMESTAMP_INVALID,
        "webhook-timestamp must be whole seconds since 1970-01-01T00:00:00Z but was"
            + " \"2021-02-25T15:02:10Z\"");
    failsWith(
        () -> v.verify(SPEC_ID, "-5", SPEC_SIGNATURE, body),
        WebhookErrors.WEBHOOK_TIMESTAMP_INVALID,
        "but was \"-5\"");
  }

  @Test
  void an_id_that_could_write_headers_of_its_own_is_refused() {
    WebhookSigner signer =
        WebhookSigner.builder().secret(WebhookSecret.parse(SPEC_SECRET)).clock(clock).build();
    failsWith(
        () -> signer.sign("msg_1\r\nX-Evil: 1", utf8("{}")),
        WebhookErrors.WEBHOOK_ID_INVALID,
        "a webhook id must be 1 to 256 visible ASCII characters (no space, no line break) but"
            + " was \"msg_1\\u000D\\u000AX-Evil: 1\"");
    failsWith(() -> signer.sign("", utf8("{}")), WebhookErrors.WEBHOOK_ID_INVALID, "but was \"\"");
    failsWith(
        () -> signer.sign("m".repeat(257), utf8("{}")),
        WebhookErrors.WEBHOOK_ID_INVALID,
        "but was 257 characters");
    assertThat(WebhookSigner.newMessageId()).matches("msg_[0-9A-Za-z]{24}");
  }

  @Test
  void secrets_are_checked_and_never_shown() {
    failsWith(
        () -> WebhookSecret.parse("whsec_not base64!"),
        WebhookErrors.WEBHOOK_SECRET_INVALID,
        "a webhook secret must be \"whsec_\" followed by base64, but this one is not base64 (17"
            + " characters)");
    failsWith(
        () -> WebhookSecret.parse("whsec_c2hvcnQ="),
        WebhookErrors.WEBHOOK_SECRET_INVALID,
        "a webhook secret must hold at least 24 bytes but this one holds 5");
    WebhookSecret s = WebhookSecret.parse(SPEC_SECRET);
    assertThat(s.text()).isEqualTo(SPEC_SECRET);
    assertThat(WebhookSecret.parse(SPEC_SECRET.substring(6))).isEqualTo(s);
    assertThat(s.toString()).isEqualTo("WebhookSecret[***]");
    WebhookSigner signer = WebhookSigner.builder().secret(s).build();
    assertThat(signer.toString()).isEqualTo("WebhookSigner[secrets=1]");
    assertThat(verifier(SPEC_SECRET).toString())
        .isEqualTo("WebhookVerifier[secrets=1, tolerance=PT5M]");
    WebhookSecret generated = WebhookSecret.generate();
    assertThat(StandardWebhooksReference.key(generated.text())).hasSize(32);
    assertThat(WebhookSecret.parse(generated.text())).isEqualTo(generated);
  }

  @Test
  void builders_refuse_what_cannot_work() {
    assertThatThrownBy(() -> WebhookSigner.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("a webhook signer needs at least one secret");
    assertThatThrownBy(() -> WebhookVerifier.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("a webhook verifier needs at least one secret");
    assertThatThrownBy(() -> WebhookVerifier.builder().tolerance(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tolerance must be between 1 second and 1 hour but was PT0S");
    assertThatThrownBy(() -> WebhookVerifier.builder().clock(clock).clock(clock))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the clock was already set");
    WebhookSecret s = WebhookSecret.parse(SPEC_SECRET);
    assertThatThrownBy(() -> WebhookSigner.builder().secret(s).secret(s))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("this secret was already added");
  }
}
