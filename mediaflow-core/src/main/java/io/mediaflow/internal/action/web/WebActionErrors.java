package io.mediaflow.internal.action.web;

import io.mediaflow.api.ErrorCode;

/**
 * The error codes of the web actions ({@code download.url}, {@code download.playlist}, {@code
 * download.channel}, {@code http.request}), beside the shared ones they raise: {@code NETWORK}
 * (cannot reach the server; retryable), {@code ADDRESS_NOT_ALLOWED} (the SSRF guard), {@code
 * UNSUPPORTED_SOURCE} (not an http(s) URL), {@code DESTINATION_EXISTS}, {@code INVALID_VALUE},
 * {@code CANCELLED}. Catalogued in docs/actions.md and docs/error-codes.md.
 */
public final class WebActionErrors {

  /** A download is larger than its {@code maxBytes}: the partial file is removed. */
  public static final ErrorCode DOWNLOAD_TOO_LARGE =
      ErrorCode.of("DOWNLOAD_TOO_LARGE", ErrorCode.Category.INPUT, false);

  /**
   * A download's {@code Content-Type} is not one of its {@code accept} patterns (an HTML error page
   * where a video was expected): nothing is written.
   */
  public static final ErrorCode CONTENT_TYPE_NOT_ALLOWED =
      ErrorCode.of("CONTENT_TYPE_NOT_ALLOWED", ErrorCode.Category.INPUT, false);

  /**
   * The server answered a status the action cannot use: any but 200/206 for a download, 400 and
   * above for {@code http.request} with {@code failOnError}. Raised retryable for 5xx, 408 and 429,
   * not retryable for other client errors.
   */
  public static final ErrorCode HTTP_STATUS =
      ErrorCode.of("HTTP_STATUS", ErrorCode.Category.INPUT, false);

  /** An {@code http.request} response body is larger than its {@code maxResponseBytes}. */
  public static final ErrorCode RESPONSE_TOO_LARGE =
      ErrorCode.of("RESPONSE_TOO_LARGE", ErrorCode.Category.INPUT, false);

  /** An {@code http.request} response says it is JSON but its body does not parse as JSON. */
  public static final ErrorCode RESPONSE_NOT_JSON =
      ErrorCode.of("RESPONSE_NOT_JSON", ErrorCode.Category.INPUT, false);

  /**
   * No {@code MediaSource} the host registered (or the class path offers) handles the URL, or none
   * has the name the node asks for.
   */
  public static final ErrorCode NO_MEDIA_SOURCE =
      ErrorCode.of("NO_MEDIA_SOURCE", ErrorCode.Category.CONFIGURATION, false);

  /**
   * A {@code MediaSource} failed with an exception of its own (retryable), or returned what it must
   * not: no file, a file outside the folder it was given (not retryable).
   */
  public static final ErrorCode MEDIA_SOURCE_FAILED =
      ErrorCode.of("MEDIA_SOURCE_FAILED", ErrorCode.Category.PROCESSING, true);

  private WebActionErrors() {}
}
