package io.mediaflow;

import io.mediaflow.api.MediaFlowException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * The shared key of Standard Webhooks signing, written as {@code whsec_} followed by the key's
 * bytes in base64 (the form senders hand out and the reference libraries read). Its {@link
 * #toString()} never shows the key.
 *
 * {@snippet :
 * WebhookSecret secret = WebhookSecret.generate();   // give secret.text() to the receiver
 * WebhookSecret same = WebhookSecret.parse(secret.text());
 * }
 */
public final class WebhookSecret {

  /** What the text form of a secret starts with. */
  public static final String PREFIX = "whsec_";

  /**
   * The fewest key bytes accepted: 24 (192 bits), the least the Standard Webhooks specification
   * recommends. A shorter key is a guessable key.
   */
  public static final int MIN_BYTES = 24;

  /** How many random bytes {@link #generate()} makes: 32 (256 bits, the HMAC-SHA256 block). */
  public static final int GENERATED_BYTES = 32;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] key;

  private WebhookSecret(byte[] key) {
    this.key = key;
  }

  /**
   * Reads {@code whsec_<base64>}, or the base64 alone as the reference libraries also accept.
   *
   * @throws MediaFlowException {@code WEBHOOK_SECRET_INVALID} when the text is not base64 or the
   *     key is shorter than {@link #MIN_BYTES}; the message never repeats the text
   */
  public static WebhookSecret parse(String text) {
    Objects.requireNonNull(text, "text");
    String encoded = text.startsWith(PREFIX) ? text.substring(PREFIX.length()) : text;
    byte[] key;
    try {
      key = Base64.getDecoder().decode(encoded.trim());
    } catch (IllegalArgumentException e) {
      throw new MediaFlowException(
          WebhookErrors.WEBHOOK_SECRET_INVALID,
          "a webhook secret must be \"whsec_\" followed by base64, but this one is not base64 ("
              + text.length()
              + " characters)",
          "copy the whole secret the sender gave, or make one with WebhookSecret.generate()");
    }
    return of(key);
  }

  /**
   * A secret of these key bytes (copied).
   *
   * @throws MediaFlowException {@code WEBHOOK_SECRET_INVALID} when there are fewer than {@link
   *     #MIN_BYTES}
   */
  public static WebhookSecret of(byte[] key) {
    Objects.requireNonNull(key, "key");
    if (key.length < MIN_BYTES) {
      throw new MediaFlowException(
          WebhookErrors.WEBHOOK_SECRET_INVALID,
          "a webhook secret must hold at least "
              + MIN_BYTES
              + " bytes but this one holds "
              + key.length,
          "make one with WebhookSecret.generate(), which holds " + GENERATED_BYTES + " bytes");
    }
    return new WebhookSecret(key.clone());
  }

  /** A new random secret of {@link #GENERATED_BYTES} bytes from a {@link SecureRandom}. */
  public static WebhookSecret generate() {
    byte[] key = new byte[GENERATED_BYTES];
    RANDOM.nextBytes(key);
    return new WebhookSecret(key);
  }

  /** The text form, {@code whsec_<base64>}, to hand to the other side; keep it out of logs. */
  public String text() {
    return PREFIX + Base64.getEncoder().encodeToString(key);
  }

  /** The key bytes, for the HMAC. */
  byte[] key() {
    return key.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WebhookSecret other && MessageDigest.isEqual(key, other.key);
  }

  @Override
  public int hashCode() {
    return key.length;
  }

  /** Never the key: {@code WebhookSecret[***]}. */
  @Override
  public String toString() {
    return "WebhookSecret[***]";
  }
}
