package io.mediaflow.internal.webhook.inbound;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.ErrorCode.Category;

/**
 * The error codes of inbound webhooks: the body limit, the sender's credentials and the payload of
 * Radarr and Sonarr ({@code docs/inbound-webhooks.md}). Only {@link #INBOUND_NOT_ACCEPTED} is
 * retryable: any other request fails the same way again. A Standard Webhooks signature fails with
 * the codes of {@link io.mediaflow.WebhookErrors}.
 */
public final class InboundErrors {

  /** No source of that name is configured (answer 404). */
  public static final ErrorCode INBOUND_SOURCE_UNKNOWN =
      ErrorCode.of("INBOUND_SOURCE_UNKNOWN", Category.INPUT, false);

  /**
   * The webhook was read but its event could not be made durable (the store failed): nothing is
   * promised, the sender should send it again (answer 503). Retryable.
   */
  public static final ErrorCode INBOUND_NOT_ACCEPTED =
      ErrorCode.of("INBOUND_NOT_ACCEPTED", Category.INTERNAL, true);

  /** The body is larger than the source's limit. */
  public static final ErrorCode INBOUND_BODY_TOO_LARGE =
      ErrorCode.of("INBOUND_BODY_TOO_LARGE", Category.INPUT, false);

  /** The request carries no credentials where the source asks for some. */
  public static final ErrorCode INBOUND_AUTH_MISSING =
      ErrorCode.of("INBOUND_AUTH_MISSING", Category.INPUT, false);

  /** The request's credentials are malformed or do not match the source's. */
  public static final ErrorCode INBOUND_AUTH_INVALID =
      ErrorCode.of("INBOUND_AUTH_INVALID", Category.INPUT, false);

  /** The body is not one JSON object. */
  public static final ErrorCode INBOUND_MALFORMED_JSON =
      ErrorCode.of("INBOUND_MALFORMED_JSON", Category.INPUT, false);

  /** A field the event needs is absent or null; the message names its JSON path. */
  public static final ErrorCode INBOUND_FIELD_MISSING =
      ErrorCode.of("INBOUND_FIELD_MISSING", Category.INPUT, false);

  /** A field has the wrong JSON type (text where a number belongs, …); the message names it. */
  public static final ErrorCode INBOUND_FIELD_WRONG_TYPE =
      ErrorCode.of("INBOUND_FIELD_WRONG_TYPE", Category.INPUT, false);

  private InboundErrors() {}
}
