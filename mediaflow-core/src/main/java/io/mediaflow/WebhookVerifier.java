package io.mediaflow;

import io.mediaflow.api.MediaFlowException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Checks a received webhook request signed as <a href="https://www.standardwebhooks.com">Standard
 * Webhooks</a> asks (by a {@link WebhookSigner} or any other sender): its {@code webhook-timestamp}
 * must lie within the replay window of this receiver's clock (default {@link #DEFAULT_TOLERANCE},
 * either way), and one of its {@code v1} signatures must be the HMAC-SHA256 of {@code
 * id.timestamp.body} under one of the known secrets, compared in constant time. Signatures of other
 * versions ({@code v1a}) are passed over.
 *
 * {@snippet :
 * WebhookVerifier verifier = WebhookVerifier.builder().secret(WebhookSecret.parse(text)).build();
 * WebhookVerifier.Verified ok = verifier.verify(exchange.getRequestHeaders(), body); // or throws
 * if (!seen.add(ok.id())) { return; } // a second delivery of the same message
 * }
 *
 * <p>The window stops a captured request from being replayed later; within it, drop repeated {@link
 * Verified#id()}s. Thread-safe.
 */
public final class WebhookVerifier {

  /** How far a request's timestamp may lie from this clock, either way: 5 minutes. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

  private final List<WebhookSecret> secrets;
  private final Duration tolerance;
  private final Clock clock;

  private WebhookVerifier(List<WebhookSecret> secrets, Duration tolerance, Clock clock) {
    this.secrets = List.copyOf(secrets);
    this.tolerance = tolerance;
    this.clock = clock;
  }

  /** A builder; at least one secret is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Checks a request by its headers as a server hands them over: names in any case, each with its
   * values (the first is read).
   *
   * @return the message's id and time, once the request passed
   * @throws MediaFlowException as {@link #verify(String, String, String, byte[])}
   */
  public Verified verify(Map<String, List<String>> headers, byte[] body) {
    Objects.requireNonNull(headers, "headers");
    return verify(
        header(headers, WebhookSigner.ID),
        header(headers, WebhookSigner.TIMESTAMP),
        header(headers, WebhookSigner.SIGNATURE),
        body);
  }

  /**
   * Checks a request by the values of its three headers, each null when it was not sent.
   *
   * @param body the request body exactly as received, byte for byte
   * @return the message's id and time
   * @throws MediaFlowException {@code WEBHOOK_HEADER_MISSING}, {@code WEBHOOK_TIMESTAMP_INVALID},
   *     {@code WEBHOOK_TIMESTAMP_OUT_OF_WINDOW} or {@code WEBHOOK_SIGNATURE_INVALID}, in this order
   *     of checking; none is retryable
   */
  public Verified verify(String id, String timestamp, String signatures, byte[] body) {
    Objects.requireNonNull(body, "body");
    requireHeader(WebhookSigner.ID, id);
    requireHeader(WebhookSigner.TIMESTAMP, timestamp);
    requireHeader(WebhookSigner.SIGNATURE, signatures);
    long seconds = seconds(timestamp.trim());
    Instant sent = Instant.ofEpochSecond(seconds);
    Instant now = clock.instant();
    if (sent.isBefore(now.minus(tolerance)) || sent.isAfter(now.plus(tolerance))) {
      throw new MediaFlowException(
          WebhookErrors.WEBHOOK_TIMESTAMP_OUT_OF_WINDOW,
          "webhook-timestamp "
              + sent
              + " is "
              + (sent.isBefore(now) ? "older" : "later")
              + " than this receiver's clock ("
              + now
              + ") allows: at most "
              + tolerance.toSeconds()
              + " s either way",
          "a replayed request is refused; if the request is fresh, check that both clocks are"
              + " synchronised");
    }
    for (String candidate : signatures.trim().split(" +")) {
      byte[] given = decode(candidate);
      if (given == null) {
        continue;
      }
      for (WebhookSecret secret : secrets) {
        if (MessageDigest.isEqual(WebhookHmac.mac(secret, id, seconds, body), given)) {
          return new Verified(id, sent);
        }
      }
    }
    throw new MediaFlowException(
        WebhookErrors.WEBHOOK_SIGNATURE_INVALID,
        "no v1 signature in webhook-signature matches the request body under the "
            + secrets.size()
            + " known secret(s)",
        "check the secret, and that the body is checked byte for byte as received (not parsed"
            + " and written again)");
  }

  /** The bytes of a {@code v1,<base64>} entry; null for another version or bad base64. */
  private static byte[] decode(String entry) {
    int comma = entry.indexOf(',');
    if (comma < 0 || !entry.substring(0, comma).equals(WebhookHmac.VERSION)) {
      return null;
    }
    try {
      return Base64.getDecoder().decode(entry.substring(comma + 1));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static long seconds(String timestamp) {
    if (!timestamp.matches("[0-9]{1,12}")) {
      throw new MediaFlowException(
          WebhookErrors.WEBHOOK_TIMESTAMP_INVALID,
          "webhook-timestamp must be whole seconds since 1970-01-01T00:00:00Z but was \""
              + (timestamp.length() > 40 ? timestamp.substring(0, 37) + "..." : timestamp)
              + "\"",
          "send the time of the attempt in unix seconds, such as 1735689600");
    }
    return Long.parseLong(timestamp);
  }

  private static void requireHeader(String name, String value) {
    if (value == null || value.isBlank()) {
      throw new MediaFlowException(
          WebhookErrors.WEBHOOK_HEADER_MISSING,
          "the request has no " + name + " header",
          "a Standard Webhooks sender sends webhook-id, webhook-timestamp and webhook-signature");
    }
  }

  private static String header(Map<String, List<String>> headers, String name) {
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      if (e.getKey() != null
          && e.getKey().toLowerCase(Locale.ROOT).equals(name)
          && e.getValue() != null
          && !e.getValue().isEmpty()) {
        return e.getValue().get(0);
      }
    }
    return null;
  }

  /** {@code WebhookVerifier[secrets=2, tolerance=PT5M]}: never a key. */
  @Override
  public String toString() {
    return "WebhookVerifier[secrets=" + secrets.size() + ", tolerance=" + tolerance + "]";
  }

  /**
   * A request that passed.
   *
   * @param id its {@code webhook-id}: the same for every delivery of one message
   * @param timestamp its {@code webhook-timestamp}
   */
  public record Verified(String id, Instant timestamp) {}

  /** Builds a {@link WebhookVerifier}. */
  public static final class Builder {
    private final List<WebhookSecret> secrets = new ArrayList<>();
    private Duration tolerance;
    private Clock clock;

    private Builder() {}

    /** Adds a secret a request may be signed with; during a rotation, the old and the new. */
    public Builder secret(WebhookSecret value) {
      Objects.requireNonNull(value, "secret");
      if (secrets.contains(value)) {
        throw new IllegalArgumentException("this secret was already added");
      }
      secrets.add(value);
      return this;
    }

    /**
     * How far a timestamp may lie from this clock, either way; default {@link #DEFAULT_TOLERANCE},
     * between 1 second and 1 hour.
     */
    public Builder tolerance(Duration value) {
      Objects.requireNonNull(value, "tolerance");
      if (tolerance != null) {
        throw new IllegalStateException("the tolerance was already set");
      }
      if (value.compareTo(Duration.ofSeconds(1)) < 0 || value.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException(
            "tolerance must be between 1 second and 1 hour but was " + value);
      }
      tolerance = value;
      return this;
    }

    /** The receiver's clock; default the system's UTC clock. */
    public Builder clock(Clock value) {
      Objects.requireNonNull(value, "clock");
      if (clock != null) {
        throw new IllegalStateException("the clock was already set");
      }
      clock = value;
      return this;
    }

    /**
     * Builds the verifier.
     *
     * @throws IllegalStateException when no secret was added
     */
    public WebhookVerifier build() {
      if (secrets.isEmpty()) {
        throw new IllegalStateException(
            "a webhook verifier needs at least one secret:"
                + " builder().secret(WebhookSecret.parse(...))");
      }
      return new WebhookVerifier(
          secrets,
          tolerance == null ? DEFAULT_TOLERANCE : tolerance,
          clock == null ? Clock.systemUTC() : clock);
    }
  }
}
