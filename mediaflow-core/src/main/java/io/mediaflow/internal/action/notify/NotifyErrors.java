package io.mediaflow.internal.action.notify;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.ErrorCode.Category;

/** The error codes of the notify actions, catalogued in {@code docs/error-codes.md}. */
public final class NotifyErrors {

  /**
   * {@code notify.webhook} has no secret to sign with: the node gives none and the host registered
   * no {@code WebhookSecret}.
   */
  public static final ErrorCode NOTIFY_WEBHOOK_NO_SECRET =
      ErrorCode.of("NOTIFY_WEBHOOK_NO_SECRET", Category.CONFIGURATION, false);

  /**
   * The receiver of {@code notify.webhook} answered with a status other than 2xx; retryable for
   * 408, 429 and 5xx, not for other 4xx.
   */
  public static final ErrorCode NOTIFY_WEBHOOK_REJECTED =
      ErrorCode.of("NOTIFY_WEBHOOK_REJECTED", Category.PROCESSING, true);

  /** Slack answered {@code notify.slack} with a status other than 2xx; retryable as above. */
  public static final ErrorCode NOTIFY_SLACK_REJECTED =
      ErrorCode.of("NOTIFY_SLACK_REJECTED", Category.PROCESSING, true);

  /**
   * A header a node asks to send is not allowed: a name that is not a token, a value with a line
   * break, or one of the headers the action sets itself.
   */
  public static final ErrorCode NOTIFY_HEADER_INVALID =
      ErrorCode.of("NOTIFY_HEADER_INVALID", Category.VALIDATION, false);

  /** A notify URL is not an absolute {@code http} or {@code https} address. */
  public static final ErrorCode NOTIFY_URL_INVALID =
      ErrorCode.of("NOTIFY_URL_INVALID", Category.VALIDATION, false);

  /**
   * {@code notify.email} finds no mail library: the host adds {@code org.eclipse.angus:angus-mail}
   * (with {@code jakarta.mail:jakarta.mail-api}) to its class path.
   */
  public static final ErrorCode NOTIFY_EMAIL_LIBRARY_MISSING =
      ErrorCode.of("NOTIFY_EMAIL_LIBRARY_MISSING", Category.CONFIGURATION, false);

  /** {@code notify.email} has no mail server: the host registered no {@code SmtpSettings}. */
  public static final ErrorCode NOTIFY_EMAIL_NOT_CONFIGURED =
      ErrorCode.of("NOTIFY_EMAIL_NOT_CONFIGURED", Category.CONFIGURATION, false);

  /** An address of {@code notify.email} is not an e-mail address. */
  public static final ErrorCode NOTIFY_EMAIL_ADDRESS_INVALID =
      ErrorCode.of("NOTIFY_EMAIL_ADDRESS_INVALID", Category.VALIDATION, false);

  /**
   * The mail server could not be reached or refused the message; retryable unless it refused the
   * login or every recipient.
   */
  public static final ErrorCode NOTIFY_EMAIL_SEND_FAILED =
      ErrorCode.of("NOTIFY_EMAIL_SEND_FAILED", Category.PROCESSING, true);

  private NotifyErrors() {}
}
