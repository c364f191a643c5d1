package io.mediaflow;

import io.mediaflow.api.ErrorCode;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link Webhooks#receive} did with one request, for the host to answer its sender: the HTTP
 * status, and either the event and the runs it started or why it was refused.
 *
 * @param status the HTTP status to answer: 202 accepted (its runs are stored), 400 a body that
 *     cannot be read, 401 a sender that did not prove itself, 404 an unknown source, 413 a body
 *     over the limit, 503 not accepted because the store failed (the sender should retry)
 * @param source the source the request was sent to, as given
 * @param eventType the event published ({@code media.downloaded}, {@code webhook.ci}); empty when
 *     refused
 * @param eventId the event's id, the same when the same thing is sent again; empty when refused
 * @param runsStarted the rule runs the event started (0 for a retried delivery whose runs exist)
 * @param refusal the error, when refused
 */
public record WebhookReceipt(
    int status,
    String source,
    Optional<String> eventType,
    Optional<String> eventId,
    int runsStarted,
    Optional<Refusal> refusal) {

  /** Checks that a refusal is there exactly when the status is not 2xx. */
  public WebhookReceipt {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(eventType, "eventType");
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(refusal, "refusal");
    if (refusal.isPresent() == (status >= 200 && status < 300)) {
      throw new IllegalArgumentException(
          "a receipt has a refusal exactly when its status is not 2xx, but status was " + status);
    }
  }

  /** Whether the request was accepted (2xx): nothing it started can be lost any more. */
  public boolean accepted() {
    return refusal.isEmpty();
  }

  /**
   * Why a request was refused. The texts never hold a credential or the body.
   *
   * @param code the error code ({@code docs/error-codes.md}), e.g. {@code INBOUND_AUTH_INVALID}
   * @param message what was wrong
   * @param suggestion what to do about it
   */
  public record Refusal(ErrorCode code, String message, String suggestion) {

    /** Checks that none is null. */
    public Refusal {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(suggestion, "suggestion");
    }
  }
}
