package io.mediaflow.api.workflow;

import io.mediaflow.api.ErrorCode;

/**
 * The error codes of workflow validation and of the action registry, beside those in {@link
 * ErrorCode} that workflows reuse ({@code UNKNOWN_FIELD}, {@code MISSING_FIELD}, {@code
 * WRONG_TYPE}, {@code OUT_OF_RANGE}, {@code INVALID_VALUE}, {@code MALFORMED_JSON}, {@code
 * UNSUPPORTED_VERSION}, {@code DUPLICATE_ID}, {@code UNKNOWN_ID}).
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

  private WorkflowErrors() {}

  private static ErrorCode validation(String code) {
    return ErrorCode.of(code, ErrorCode.Category.VALIDATION, false);
  }
}
