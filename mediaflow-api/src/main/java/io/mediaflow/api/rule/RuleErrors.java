package io.mediaflow.api.rule;

import io.mediaflow.api.ErrorCode;

/**
 * The error codes of rules and schedules, beside those in {@link ErrorCode} that rules reuse
 * ({@code UNKNOWN_FIELD}, {@code MISSING_FIELD}, {@code WRONG_TYPE}, {@code OUT_OF_RANGE}, {@code
 * INVALID_VALUE}, {@code MALFORMED_JSON}).
 */
public final class RuleErrors {

  /** A cron expression that its syntax does not read; the message says where and why. */
  public static final ErrorCode INVALID_CRON = validation("INVALID_CRON");

  /** A time zone id that {@link java.time.ZoneId} does not know. */
  public static final ErrorCode UNKNOWN_ZONE = validation("UNKNOWN_ZONE");

  /** A rule has both inline actions and a workflow, or neither. */
  public static final ErrorCode RULE_TARGET = validation("RULE_TARGET");

  /** {@code flow.rules()} was given the id of a rule that is not registered. */
  public static final ErrorCode RULE_NOT_FOUND = validation("RULE_NOT_FOUND");

  /** A rule with this id is registered already (register), or changed meanwhile (update). */
  // equal to StorageException.RULE_CONFLICT (a record), without this package depending on the
  // store's
  public static final ErrorCode RULE_CONFLICT =
      ErrorCode.of("RULE_CONFLICT", ErrorCode.Category.VALIDATION, false);

  /** {@code flow.templates()} was given the name of no shipped template. */
  public static final ErrorCode TEMPLATE_NOT_FOUND = validation("TEMPLATE_NOT_FOUND");

  private RuleErrors() {}

  private static ErrorCode validation(String name) {
    return ErrorCode.of(name, ErrorCode.Category.VALIDATION, false);
  }
}
