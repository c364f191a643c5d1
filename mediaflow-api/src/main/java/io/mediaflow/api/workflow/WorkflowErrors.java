package io.mediaflow.api.workflow;

import io.mediaflow.api.ErrorCode;

/**
 * The error codes of workflow validation, of the action registry, of runs and of the registered
 * workflows of {@code flow.workflows()}, beside those in {@link ErrorCode} that workflows reuse
 * ({@code UNKNOWN_FIELD}, {@code MISSING_FIELD}, {@code WRONG_TYPE}, {@code OUT_OF_RANGE}, {@code
 * INVALID_VALUE}, {@code MALFORMED_JSON}, {@code UNSUPPORTED_VERSION}, {@code DUPLICATE_ID}, {@code
 * UNKNOWN_ID}).
 */
public final class WorkflowErrors {

  /** The graph has a cycle: a node can be reached from itself. Loops use a loop node instead. */
  public static final ErrorCode WORKFLOW_CYCLE = validation("WORKFLOW_CYCLE");

  /** An edge starts or ends at a node id the workflow does not have. */
  public static final ErrorCode DANGLING_EDGE = validation("DANGLING_EDGE");

  /** An edge leaves by a port its node does not have ({@code yes} on a condition). */
  public static final ErrorCode UNKNOWN_PORT = validation("UNKNOWN_PORT");

  /** No path leads from the trigger (or from an error node in use) to a node. */
  public static final ErrorCode UNREACHABLE_NODE = validation("UNREACHABLE_NODE");

  /** A merge waits for more branches than reach it, or is not fed by a parallel node's branches. */
  public static final ErrorCode MERGE_NEVER_COMPLETES = validation("MERGE_NEVER_COMPLETES");

  /** A workflow has no trigger node, or more than one. */
  public static final ErrorCode TRIGGER_COUNT = validation("TRIGGER_COUNT");

  /** A node calls an action no registered action has the name of. */
  public static final ErrorCode UNKNOWN_ACTION = validation("UNKNOWN_ACTION");

  /** A loop has no edge from its {@code each} port: nothing to do for each item. */
  public static final ErrorCode LOOP_WITHOUT_BODY = validation("LOOP_WITHOUT_BODY");

  /** Two actions (found through ServiceLoader or registered by the host) have the same name. */
  public static final ErrorCode DUPLICATE_ACTION =
      ErrorCode.of("DUPLICATE_ACTION", ErrorCode.Category.CONFIGURATION, false);

  /** {@code flow.workflows()} was given the id of a workflow that is not registered. */
  public static final ErrorCode WORKFLOW_NOT_FOUND = validation("WORKFLOW_NOT_FOUND");

  // ---------------------------------------------------------------- raised by runs

  /** An action threw an exception that is not a {@code MediaFlowException}: retryable. */
  public static final ErrorCode ACTION_FAILED =
      ErrorCode.of("ACTION_FAILED", ErrorCode.Category.PROCESSING, true);

  /** A node ran longer than its {@code timeout}: retryable. */
  public static final ErrorCode NODE_TIMEOUT =
      ErrorCode.of("NODE_TIMEOUT", ErrorCode.Category.PROCESSING, true);

  /** A run's payload or definition cannot be run (not JSON, no trigger, unknown node). */
  public static final ErrorCode INVALID_WORKFLOW_RUN = validation("INVALID_WORKFLOW_RUN");

  /** A {@code ${...}} reference names nothing the run knows. */
  public static final ErrorCode TEMPLATE_UNRESOLVED = validation("TEMPLATE_UNRESOLVED");

  /** A condition compares values it cannot compare, or names an unknown operator. */
  public static final ErrorCode CONDITION_INVALID = validation("CONDITION_INVALID");

  /** A loop's items are not a list, or more than its {@code maxItems}. */
  public static final ErrorCode LOOP_INVALID = validation("LOOP_INVALID");

  /** At run time, a node names an action no one registered on this engine. */
  public static final ErrorCode ACTION_UNKNOWN =
      ErrorCode.of("ACTION_UNKNOWN", ErrorCode.Category.CONFIGURATION, false);

  private WorkflowErrors() {}

  private static ErrorCode validation(String code) {
    return ErrorCode.of(code, ErrorCode.Category.VALIDATION, false);
  }
}
