package io.mediaflow.api.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One attempt to deliver one event to one {@link WebhookRegistration}: the delivery history that
 * {@link WebhookStore#recordAttempt} keeps and {@link WebhookStore#attempts} lists.
 *
 * @param registrationId the registration delivered to
 * @param deliveryId the delivery: the id of its {@code webhook.delivery} job
 * @param messageId the {@code webhook-id} header, the same on every attempt of one delivery
 * @param eventType the delivered event's type
 * @param attempt 1 for the first attempt of the delivery
 * @param at when the request was sent
 * @param status the HTTP status answered; 0 when no answer came (refused, timed out, unreachable)
 * @param duration from sending to the end of the answer (or the failure)
 * @param delivered whether the receiver accepted it (a 2xx answer)
 * @param responseSnippet the start of the answer's body, at most {@link #MAX_SNIPPET} characters
 * @param error why the attempt failed, for people; empty when delivered
 */
public record DeliveryAttempt(
    String registrationId,
    String deliveryId,
    String messageId,
    String eventType,
    int attempt,
    Instant at,
    int status,
    Duration duration,
    boolean delivered,
    String responseSnippet,
    String error) {

  /** The longest response snippet kept; longer ones are cut. */
  public static final int MAX_SNIPPET = 1024;

  public DeliveryAttempt {
    Objects.requireNonNull(registrationId, "registrationId");
    Objects.requireNonNull(deliveryId, "deliveryId");
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(eventType, "eventType");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be at least 1 but was " + attempt);
    }
    Objects.requireNonNull(at, "at");
    if (status < 0 || status > 999) {
      throw new IllegalArgumentException("status must be 0 (no answer) to 999 but was " + status);
    }
    Objects.requireNonNull(duration, "duration");
    responseSnippet = responseSnippet == null ? "" : cut(responseSnippet);
    error = error == null ? "" : error;
  }

  private static String cut(String text) {
    if (text.length() <= MAX_SNIPPET) {
      return text;
    }
    // never split a surrogate pair: a stored half character is not valid text in every database
    int end =
        Character.isHighSurrogate(text.charAt(MAX_SNIPPET - 1)) ? MAX_SNIPPET - 1 : MAX_SNIPPET;
    return text.substring(0, end);
  }
}
