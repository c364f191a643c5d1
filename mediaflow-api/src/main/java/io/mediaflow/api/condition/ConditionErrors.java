package io.mediaflow.api.condition;

import io.mediaflow.api.ErrorCode;

/**
 * The error codes of conditions: validation reports them at JSON paths; evaluation throws a {@code
 * MediaFlowException} with one of them and never anything else.
 */
public final class ConditionErrors {

  /** A condition is malformed: an unknown operator, a bad time value or zone, a wrong shape. */
  public static final ErrorCode CONDITION_INVALID = validation("CONDITION_INVALID");

  /** An ordering ({@code gt}, ...) or {@code in} over values that cannot be compared. */
  public static final ErrorCode CONDITION_TYPE_MISMATCH = validation("CONDITION_TYPE_MISMATCH");

  /** A regular expression that RE2 cannot compile, or an unknown flag. */
  public static final ErrorCode CONDITION_REGEX_INVALID = validation("CONDITION_REGEX_INVALID");

  /** A regex condition was given a text longer than it searches (1 MiB characters). */
  public static final ErrorCode CONDITION_REGEX_LIMIT =
      ErrorCode.of("CONDITION_REGEX_LIMIT", ErrorCode.Category.INPUT, false);

  /** A custom condition names a type no one registered. */
  public static final ErrorCode CONDITION_UNKNOWN_TYPE =
      ErrorCode.of("CONDITION_UNKNOWN_TYPE", ErrorCode.Category.CONFIGURATION, false);

  /** A custom condition's test threw. */
  public static final ErrorCode CONDITION_CUSTOM_FAILED =
      ErrorCode.of("CONDITION_CUSTOM_FAILED", ErrorCode.Category.PROCESSING, false);

  /** A media condition has no file to probe, or the probe failed. */
  public static final ErrorCode CONDITION_MEDIA_UNAVAILABLE =
      ErrorCode.of("CONDITION_MEDIA_UNAVAILABLE", ErrorCode.Category.INPUT, false);

  /** A template side of a condition could not be rendered. */
  public static final ErrorCode CONDITION_TEMPLATE_FAILED = validation("CONDITION_TEMPLATE_FAILED");

  /** A condition nests deeper or holds more clauses than the limits allow. */
  public static final ErrorCode CONDITION_TOO_COMPLEX = validation("CONDITION_TOO_COMPLEX");

  /** Evaluation failed in a way none of the other codes describes (a bug): not retryable. */
  public static final ErrorCode CONDITION_EVALUATION_FAILED =
      ErrorCode.of("CONDITION_EVALUATION_FAILED", ErrorCode.Category.INTERNAL, false);

  private ConditionErrors() {}

  private static ErrorCode validation(String code) {
    return ErrorCode.of(code, ErrorCode.Category.VALIDATION, false);
  }
}
