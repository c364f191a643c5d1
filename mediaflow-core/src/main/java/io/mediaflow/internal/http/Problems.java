package io.mediaflow.internal.http;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.ErrorCode.Category;

/** The error codes of the HTTP host (catalogued in {@code docs/error-codes.md}). */
public final class Problems {

  /** No API key, or one that is unknown or revoked: 401. */
  public static final ErrorCode UNAUTHORIZED = validation("UNAUTHORIZED");

  /** The key's scope does not allow the request: 403. */
  public static final ErrorCode FORBIDDEN = validation("FORBIDDEN");

  /** No route has this path: 404. */
  public static final ErrorCode ROUTE_NOT_FOUND = validation("ROUTE_NOT_FOUND");

  /** The path exists, not with this method: 405 with {@code Allow}. */
  public static final ErrorCode METHOD_NOT_ALLOWED = validation("METHOD_NOT_ALLOWED");

  /** The request body is larger than the host accepts: 413. */
  public static final ErrorCode BODY_TOO_LARGE = validation("BODY_TOO_LARGE");

  /** The request did not arrive within the request deadline: 408. */
  public static final ErrorCode REQUEST_TIMEOUT =
      ErrorCode.of("REQUEST_TIMEOUT", Category.INPUT, true);

  /** The key made more requests than its rate limit allows: 429 with {@code Retry-After}. */
  public static final ErrorCode RATE_LIMITED = ErrorCode.of("RATE_LIMITED", Category.INPUT, true);

  /** The body is not JSON where JSON is expected: 415. */
  public static final ErrorCode UNSUPPORTED_MEDIA_TYPE = validation("UNSUPPORTED_MEDIA_TYPE");

  /** A path with {@code ..}, an encoded slash or a control character: 400. */
  public static final ErrorCode INVALID_PATH = validation("INVALID_PATH");

  /** An API key in the query string, where it would end up in logs and histories: 400. */
  public static final ErrorCode KEY_IN_QUERY = validation("KEY_IN_QUERY");

  /** The host has as many event streams open as it allows: 503. */
  public static final ErrorCode TOO_MANY_STREAMS =
      ErrorCode.of("TOO_MANY_STREAMS", Category.CONFIGURATION, true);

  /** What the engine's storage does not keep (rules, API keys): 501. */
  public static final ErrorCode NOT_SUPPORTED =
      ErrorCode.of("NOT_SUPPORTED", Category.CONFIGURATION, false);

  private Problems() {}

  private static ErrorCode validation(String code) {
    return ErrorCode.of(code, Category.VALIDATION, false);
  }
}
