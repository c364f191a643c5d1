package io.mediaflow.internal.workflow.run;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;

/**
 * The error codes a workflow run raises while it walks its graph. Internal for now: the validator's
 * codes live in the API's workflow codes class, and these move there with them.
 */
public final class RunErrors {

  /** An action threw an exception that is not a {@link MediaFlowException}: retryable. */
  public static final ErrorCode ACTION_FAILED =
      ErrorCode.of("ACTION_FAILED", ErrorCode.Category.PROCESSING, true);

  /** A node ran longer than its {@code timeout}: retryable. */
  public static final ErrorCode NODE_TIMEOUT =
      ErrorCode.of("NODE_TIMEOUT", ErrorCode.Category.PROCESSING, true);

  /** The run's payload or definition cannot be run (not JSON, no trigger, unknown node). */
  public static final ErrorCode INVALID_RUN =
      ErrorCode.of("INVALID_WORKFLOW_RUN", ErrorCode.Category.VALIDATION, false);

  /** A {@code ${...}} reference names nothing the run knows. */
  public static final ErrorCode TEMPLATE_UNRESOLVED =
      ErrorCode.of("TEMPLATE_UNRESOLVED", ErrorCode.Category.VALIDATION, false);

  /** A condition compares values it cannot compare, or names an unknown operator. */
  public static final ErrorCode CONDITION_INVALID =
      ErrorCode.of("CONDITION_INVALID", ErrorCode.Category.VALIDATION, false);

  /** A loop's items are not a list, or more than its {@code maxItems}. */
  public static final ErrorCode LOOP_INVALID =
      ErrorCode.of("LOOP_INVALID", ErrorCode.Category.VALIDATION, false);

  /** A node names an action no one registered on this engine. */
  public static final ErrorCode ACTION_UNKNOWN =
      ErrorCode.of("ACTION_UNKNOWN", ErrorCode.Category.CONFIGURATION, false);

  private RunErrors() {}

  /** A failure at a node of a run: the message names the run, the workflow and the node. */
  static MediaFlowException at(
      Run run, String nodeId, ErrorCode code, String message, String suggestion) {
    return new MediaFlowException(code, where(run, nodeId) + ": " + message, suggestion);
  }

  static String where(Run run, String nodeId) {
    return "workflow '"
        + run.graph().id()
        + "' run "
        + run.jobId()
        + (nodeId == null ? "" : " at node '" + nodeId + "'");
  }

  /** The same code, not retryable: the run's own error handling has already decided. */
  static ErrorCode finalCode(ErrorCode code) {
    return code.retryable() ? ErrorCode.of(code.code(), code.category(), false) : code;
  }
}
