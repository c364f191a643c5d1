package io.mediaflow.internal.webhook.inbound;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.ErrorCode.Category;

/**
 * The error codes of inbound webhooks: the body limit, the sender's credentials and the payload of
 * Radarr and Sonarr ({@code docs/inbound-webhooks.md}). None is retryable: the same request fails
 * the same way again. A Standard Webhooks signature fails with the codes of {@link
 * io.mediaflow.WebhookErrors}.
 */
public final class InboundErrors {

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
