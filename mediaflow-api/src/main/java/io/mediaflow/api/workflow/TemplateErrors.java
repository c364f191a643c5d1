package io.mediaflow.api.workflow;

import io.mediaflow.api.ErrorCode;

/**
 * The error codes of templates ({@code {{expr | filter}}} and {@code ${expr}} in action parameters,
 * file names and paths). None is retryable: a template that failed once fails the same way again. A
 * template raises nothing but these and {@link WorkflowErrors#TEMPLATE_UNRESOLVED}.
 */
public final class TemplateErrors {

  /**
   * A template cannot be read: an unclosed {@code {{}, an unknown filter, a filter given the wrong
   * number or kind of arguments, a date format with a token that is not {@code YYYY MM DD HH mm ss}.
   * Reported at workflow validation with the parameter's JSON path.
   */
  public static final ErrorCode TEMPLATE_SYNTAX = validation("TEMPLATE_SYNTAX");

  /**
   * A reference names nothing the scope has ({@code {{vars.nope}}}) and no {@code default} is
   * given. The same code as {@link WorkflowErrors#TEMPLATE_UNRESOLVED}.
   */
  public static final ErrorCode TEMPLATE_UNRESOLVED = WorkflowErrors.TEMPLATE_UNRESOLVED;

  /**
   * A value cannot be used where it is: {@code date} given something that is no date, {@code
   * duration} or {@code filesize} something that is no number, a list or object placed in a path.
   */
  public static final ErrorCode TEMPLATE_VALUE = validation("TEMPLATE_VALUE");

  /**
   * A template or its result is larger than the bounds: the template's length, the output's length
   * or the evaluation steps of one render.
   */
  public static final ErrorCode TEMPLATE_LIMIT = validation("TEMPLATE_LIMIT");

  private TemplateErrors() {}

  private static ErrorCode validation(String code) {
    return ErrorCode.of(code, ErrorCode.Category.VALIDATION, false);
  }
}
