package io.mediaflow;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.ErrorCode.Category;

/**
 * The error codes of Standard Webhooks signing ({@link WebhookSigner}) and checking ({@link
 * WebhookVerifier}), and of outgoing webhook registrations and deliveries ({@link Webhooks}),
 * catalogued in {@code docs/error-codes.md}. Only {@link #WEBHOOK_DELIVERY_FAILED} is retryable: a
 * request that fails a check fails it again.
 */
public final class WebhookErrors {

  /**
   * A secret is not {@code whsec_} followed by base64, or it is shorter than {@link
   * WebhookSecret#MIN_BYTES} bytes.
   */
  public static final ErrorCode WEBHOOK_SECRET_INVALID =
      ErrorCode.of("WEBHOOK_SECRET_INVALID", Category.VALIDATION, false);

  /** A message id to sign is blank, too long, or has characters a header cannot carry. */
  public static final ErrorCode WEBHOOK_ID_INVALID =
      ErrorCode.of("WEBHOOK_ID_INVALID", Category.VALIDATION, false);

  /**
   * A request to check lacks {@code webhook-id}, {@code webhook-timestamp} or {@code
   * webhook-signature}.
   */
  public static final ErrorCode WEBHOOK_HEADER_MISSING =
      ErrorCode.of("WEBHOOK_HEADER_MISSING", Category.INPUT, false);

  /** {@code webhook-timestamp} is not a whole number of seconds since the epoch. */
  public static final ErrorCode WEBHOOK_TIMESTAMP_INVALID =
      ErrorCode.of("WEBHOOK_TIMESTAMP_INVALID", Category.INPUT, false);

  /**
   * {@code webhook-timestamp} lies further from the receiver's clock than the replay window allows,
   * in the past (a replayed request) or in the future.
   */
  public static final ErrorCode WEBHOOK_TIMESTAMP_OUT_OF_WINDOW =
      ErrorCode.of("WEBHOOK_TIMESTAMP_OUT_OF_WINDOW", Category.INPUT, false);

  /** No {@code v1} signature of the request matches one made with a known secret. */
  public static final ErrorCode WEBHOOK_SIGNATURE_INVALID =
      ErrorCode.of("WEBHOOK_SIGNATURE_INVALID", Category.INPUT, false);

  /**
   * A registration's url is not an absolute http(s) address with a host, or is http while the
   * engine is in HTTPS-only mode.
   */
  public static final ErrorCode WEBHOOK_URL_INVALID =
      ErrorCode.of("WEBHOOK_URL_INVALID", Category.VALIDATION, false);

  /** A registration's id is blank or too long, or one of its event patterns is malformed. */
  public static final ErrorCode WEBHOOK_REGISTRATION_INVALID =
      ErrorCode.of("WEBHOOK_REGISTRATION_INVALID", Category.VALIDATION, false);

  /**
   * An entry of a registration's {@code allowedAddresses} is not an IP address or CIDR block, or it
   * is a cloud metadata address (those are never allowed).
   */
  public static final ErrorCode WEBHOOK_ADDRESS_INVALID =
      ErrorCode.of("WEBHOOK_ADDRESS_INVALID", Category.VALIDATION, false);

  /** No outgoing webhook registration has the id asked for. */
  public static final ErrorCode WEBHOOK_NOT_FOUND =
      ErrorCode.of("WEBHOOK_NOT_FOUND", Category.VALIDATION, false);

  /** A delivery cannot be redelivered: it is not a delivery, or it is still pending or running. */
  public static final ErrorCode WEBHOOK_DELIVERY_NOT_REDELIVERABLE =
      ErrorCode.of("WEBHOOK_DELIVERY_NOT_REDELIVERABLE", Category.VALIDATION, false);

  /**
   * A receiver did not accept a delivery (an answer other than 2xx, a redirect, or no answer):
   * retried on the delivery schedule.
   */
  public static final ErrorCode WEBHOOK_DELIVERY_FAILED =
      ErrorCode.of("WEBHOOK_DELIVERY_FAILED", Category.PROCESSING, true);

  /** A delivery found its registration deactivated: buried, to redeliver once it is active. */
  public static final ErrorCode WEBHOOK_INACTIVE =
      ErrorCode.of("WEBHOOK_INACTIVE", Category.VALIDATION, false);

  private WebhookErrors() {}
}
