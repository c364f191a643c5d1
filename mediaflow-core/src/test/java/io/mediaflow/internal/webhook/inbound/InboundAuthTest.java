package io.mediaflow.internal.webhook.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

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
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class InboundAuthTest {

  private static final byte[] BODY = "{\"eventType\":\"Test\"}".getBytes(StandardCharsets.UTF_8);

  private static Map<String, List<String>> headers(String name, String value) {
    return Map.of(name, List.of(value));
  }

  private static String basic(String userAndPassword) {
    return "Basic "
        + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
  }

  private static void refused(Executable check, ErrorCode code, String message) {
    MediaFlowException e = catchThrowableOfType(MediaFlowException.class, check::execute);
    assertThat(e).isNotNull();
    assertThat(e.code()).isEqualTo(code);
    assertThat(e.detail()).isEqualTo(message);
    assertThat(e.suggestion()).isNotEmpty();
  }

  @Test
  void basicAuthAcceptsTheRightCredentialsInAnyHeaderCase() {
    InboundAuth auth = InboundAuth.basic("radarr", "s3cret:with-colon");
    assertThatCode(
            () -> auth.check(headers("authorization", basic("radarr:s3cret:with-colon")), BODY))
        .doesNotThrowAnyException();
  }

  @Test
  void basicAuthAcceptsTheLatin1EncodingRadarrAndSonarrSendAsWellAsUtf8() {
    InboundAuth auth = InboundAuth.basic("sonarr", "pässwörd");
    String latin1 =
        "Basic "
            + Base64.getEncoder()
                .encodeToString("sonarr:pässwörd".getBytes(StandardCharsets.ISO_8859_1));
    assertThatCode(() -> auth.check(headers("Authorization", latin1), BODY))
        .doesNotThrowAnyException();
    assertThatCode(() -> auth.check(headers("Authorization", basic("sonarr:pässwörd")), BODY))
        .doesNotThrowAnyException();
  }

  @Test
  void basicAuthRefusesNoneWrongAndMalformedCredentials() {
    InboundAuth auth = InboundAuth.basic("radarr", "s3cret");
    refused(
        () -> auth.check(Map.of(), BODY),
        InboundErrors.INBOUND_AUTH_MISSING,
        "the request has no Authorization header");
    String mismatch = "the Authorization header's basic credentials do not match";
    refused(
        () -> auth.check(headers("Authorization", basic("radarr:guess")), BODY),
        InboundErrors.INBOUND_AUTH_INVALID,
        mismatch);
    refused(
        () -> auth.check(headers("Authorization", "Bearer s3cret"), BODY),
        InboundErrors.INBOUND_AUTH_INVALID,
        mismatch);
    refused(
        () -> auth.check(headers("Authorization", "Basic %%%"), BODY),
        InboundErrors.INBOUND_AUTH_INVALID,
        mismatch);
  }

  @Test
  void headerTokenAcceptsTheTokenAndRefusesOthers() {
    InboundAuth auth = InboundAuth.headerToken("X-Api-Key", "0123456789abcdef");
    assertThatCode(() -> auth.check(headers("x-api-key", "0123456789abcdef"), BODY))
        .doesNotThrowAnyException();
    refused(
        () -> auth.check(headers("X-Other", "0123456789abcdef"), BODY),
        InboundErrors.INBOUND_AUTH_MISSING,
        "the request has no X-Api-Key header");
    refused(
        () -> auth.check(headers("X-Api-Key", "0123456789abcdeF"), BODY),
        InboundErrors.INBOUND_AUTH_INVALID,
        "the X-Api-Key header does not match the source's token");
  }

  @Test
  void standardWebhooksSignatureIsCheckedByTheVerifier() {
    ManualClock clock = ManualClock.at(Instant.parse("2026-12-03T20:00:00Z"));
    WebhookSecret secret = WebhookSecret.generate();
    WebhookSigner signer = WebhookSigner.builder().secret(secret).clock(clock).build();
    InboundAuth auth =
        InboundAuth.signed(WebhookVerifier.builder().secret(secret).clock(clock).build());
    Map<String, List<String>> signed =
        signer.sign("msg_1", BODY).asMap().entrySet().stream()
            .collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue())));
    assertThatCode(() -> auth.check(signed, BODY)).doesNotThrowAnyException();

    byte[] changed = "{\"eventType\":\"Grab\"}".getBytes(StandardCharsets.UTF_8);
    MediaFlowException e =
        catchThrowableOfType(MediaFlowException.class, () -> auth.check(signed, changed));
    assertThat(e.code()).isEqualTo(WebhookErrors.WEBHOOK_SIGNATURE_INVALID);

    clock.advance(Duration.ofMinutes(6));
    e = catchThrowableOfType(MediaFlowException.class, () -> auth.check(signed, BODY));
    assertThat(e.code()).isEqualTo(WebhookErrors.WEBHOOK_TIMESTAMP_OUT_OF_WINDOW);
  }

  @Test
  void noneAcceptsAnything() {
    assertThatCode(() -> InboundAuth.none().check(Map.of(), BODY)).doesNotThrowAnyException();
  }

  @Test
  void secretsDoNotShowInToString() {
    assertThat(InboundAuth.basic("radarr", "s3cret").toString())
        .contains("radarr")
        .doesNotContain("s3cret");
    assertThat(InboundAuth.headerToken("X-Api-Key", "0123456789abcdef").toString())
        .contains("X-Api-Key")
        .doesNotContain("0123456789abcdef");
  }

  @Test
  void theBodyLimitRefusesALargerBody() {
    InboundLimits limits = new InboundLimits(1024);
    assertThatCode(() -> limits.check("radarr-main", 1024)).doesNotThrowAnyException();
    refused(
        () -> limits.check("radarr-main", 1025),
        InboundErrors.INBOUND_BODY_TOO_LARGE,
        "the body sent to source 'radarr-main' has 1025 bytes, more than its limit of 1024");
    assertThat(InboundLimits.ofDefaults().maxBodyBytes()).isEqualTo(1 << 20);
  }
}
