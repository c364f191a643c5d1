package io.mediaflow;

import io.mediaflow.api.MediaFlowException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Signs outgoing webhook requests as <a href="https://www.standardwebhooks.com">Standard
 * Webhooks</a> asks: the headers {@code webhook-id}, {@code webhook-timestamp} (unix seconds) and
 * {@code webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">}. While a secret is
 * being replaced, give both: the header then carries one signature a secret, separated by a space,
 * and a receiver that knows either accepts the request.
 *
 * {@snippet :
 * WebhookSigner signer = WebhookSigner.builder().secret(WebhookSecret.parse(text)).build();
 * WebhookSigner.Headers h = signer.sign(WebhookSigner.newMessageId(), body);
 * h.asMap().forEach(request::setHeader);  // then POST body as it was signed, byte for byte
 * }
 *
 * <p>A retry of the same message keeps its id (receivers drop a second delivery of an id) but is
 * signed anew with the time of that attempt. Thread-safe.
 */
public final class WebhookSigner {

  /** The header with the message's id. */
  public static final String ID = "webhook-id";

  /** The header with the attempt's time in unix seconds. */
  public static final String TIMESTAMP = "webhook-timestamp";

  /** The header with the signatures. */
  public static final String SIGNATURE = "webhook-signature";

  /** The longest id signed: a header line, not a payload. */
  public static final int MAX_ID_LENGTH = 256;

  private static final Pattern ID_TEXT = Pattern.compile("[\\x21-\\x7E]{1," + MAX_ID_LENGTH + "}");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

  private final List<WebhookSecret> secrets;
  private final Clock clock;

  private WebhookSigner(List<WebhookSecret> secrets, Clock clock) {
    this.secrets = List.copyOf(secrets);
    this.clock = clock;
  }

  /** A builder; at least one secret is required, the clock is the system's by default. */
  public static Builder builder() {
    return new Builder();
  }

  /** A new message id: {@code msg_} and 24 random letters and digits. */
  public static String newMessageId() {
    StringBuilder id = new StringBuilder("msg_");
    for (int i = 0; i < 24; i++) {
      id.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
    }
    return id.toString();
  }

  /** Signs {@code body} under {@code id} at the clock's current second. */
  public Headers sign(String id, byte[] body) {
    return sign(id, clock.instant(), body);
  }

  /**
   * Signs {@code body} under {@code id} at {@code timestamp} (cut to whole seconds).
   *
   * @throws MediaFlowException {@code WEBHOOK_ID_INVALID} when the id is blank, longer than {@link
   *     #MAX_ID_LENGTH} or has a character outside visible ASCII (a space or a line break would let
   *     it write headers of its own)
   */
  public Headers sign(String id, Instant timestamp, byte[] body) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(body, "body");
    if (!ID_TEXT.matcher(id).matches()) {
      throw new MediaFlowException(
          WebhookErrors.WEBHOOK_ID_INVALID,
          "a webhook id must be 1 to "
              + MAX_ID_LENGTH
              + " visible ASCII characters (no space, no line break) but was "
              + (id.length() > 40 ? id.length() + " characters" : "\"" + printable(id) + "\""),
          "use WebhookSigner.newMessageId(), or an id of letters, digits, '_' and '-'");
    }
    long seconds = timestamp.getEpochSecond();
    List<String> signatures = new ArrayList<>();
    for (WebhookSecret secret : secrets) {
      signatures.add(WebhookHmac.signature(secret, id, seconds, body));
    }
    return new Headers(id, seconds, String.join(" ", signatures));
  }

  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      b.append(c < 0x20 || c == 0x7F ? String.format("\\u%04X", (int) c) : String.valueOf(c));
    }
    return b.toString();
  }

  /** {@code WebhookSigner[secrets=2]}: never a key. */
  @Override
  public String toString() {
    return "WebhookSigner[secrets=" + secrets.size() + "]";
  }

  /**
   * The three headers of one signed request.
   *
   * @param id {@code webhook-id}
   * @param timestamp {@code webhook-timestamp}, unix seconds
   * @param signature {@code webhook-signature}: {@code v1,<base64>}, several separated by a space
   */
  public record Headers(String id, long timestamp, String signature) {

    /** The headers by name, in the order {@code webhook-id}, timestamp, signature. */
    public Map<String, String> asMap() {
      Map<String, String> map = new LinkedHashMap<>();
      map.put(ID, id);
      map.put(TIMESTAMP, Long.toString(timestamp));
      map.put(SIGNATURE, signature);
      return map;
    }
  }

  /** Builds a {@link WebhookSigner}. */
  public static final class Builder {
    private final List<WebhookSecret> secrets = new ArrayList<>();
    private Clock clock;

    private Builder() {}

    /**
     * Adds a secret to sign with; during a rotation add the new one and the old one, the request
     * then carries both signatures.
     */
    public Builder secret(WebhookSecret value) {
      Objects.requireNonNull(value, "secret");
      if (secrets.contains(value)) {
        throw new IllegalArgumentException("this secret was already added");
      }
      secrets.add(value);
      return this;
    }

    /** The clock {@link #sign(String, byte[])} reads; default the system's UTC clock. */
    public Builder clock(Clock value) {
      Objects.requireNonNull(value, "clock");
      if (clock != null) {
        throw new IllegalStateException("the clock was already set");
      }
      clock = value;
      return this;
    }

    /**
     * Builds the signer.
     *
     * @throws IllegalStateException when no secret was added
     */
    public WebhookSigner build() {
      if (secrets.isEmpty()) {
        throw new IllegalStateException(
            "a webhook signer needs at least one secret: builder().secret(WebhookSecret.parse(...))");
      }
      return new WebhookSigner(secrets, clock == null ? Clock.systemUTC() : clock);
    }
  }
}
