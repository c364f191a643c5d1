package io.mediaflow.internal.workflow.run;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.workflow.WorkflowErrors;

/**
 * The error codes a workflow run raises while it walks its graph, as the API's {@link
 * WorkflowErrors} defines them, and the messages that name the run and the node.
 */
public final class RunErrors {

  /** See {@link WorkflowErrors#ACTION_FAILED}. */
  public static final ErrorCode ACTION_FAILED = WorkflowErrors.ACTION_FAILED;

  /** See {@link WorkflowErrors#NODE_TIMEOUT}. */
  public static final ErrorCode NODE_TIMEOUT = WorkflowErrors.NODE_TIMEOUT;

  /** See {@link WorkflowErrors#INVALID_WORKFLOW_RUN}. */
  public static final ErrorCode INVALID_RUN = WorkflowErrors.INVALID_WORKFLOW_RUN;

  /** See {@link WorkflowErrors#TEMPLATE_UNRESOLVED}. */
  public static final ErrorCode TEMPLATE_UNRESOLVED = WorkflowErrors.TEMPLATE_UNRESOLVED;

  /** See {@link WorkflowErrors#CONDITION_INVALID}. */
  public static final ErrorCode CONDITION_INVALID = WorkflowErrors.CONDITION_INVALID;

  /** See {@link WorkflowErrors#LOOP_INVALID}. */
  public static final ErrorCode LOOP_INVALID = WorkflowErrors.LOOP_INVALID;

  /** See {@link WorkflowErrors#ACTION_UNKNOWN}. */
  public static final ErrorCode ACTION_UNKNOWN = WorkflowErrors.ACTION_UNKNOWN;

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
