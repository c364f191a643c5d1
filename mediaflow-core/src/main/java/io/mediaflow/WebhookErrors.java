package io.mediaflow;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.ErrorCode.Category;

/**
 * The error codes of Standard Webhooks signing ({@link WebhookSigner}) and checking ({@link
 * WebhookVerifier}), catalogued in {@code docs/error-codes.md}. None is retryable: a request that
 * fails a check fails it again.
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

  private WebhookErrors() {}
}
