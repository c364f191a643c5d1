package io.mediaflow.api.job;

import io.mediaflow.api.ErrorCode;

/** The error codes the job engine itself raises, beside those in {@link ErrorCode}. */
public final class JobErrorCodes {

  /** A circuit breaker is open for a backend, action or host: failing fast, retried later. */
  public static final ErrorCode CIRCUIT_OPEN =
      ErrorCode.of("CIRCUIT_OPEN", ErrorCode.Category.PROCESSING, true);

  /** A host handler threw an exception that is not a {@code MediaFlowException}. */
  public static final ErrorCode HANDLER_FAILED =
      ErrorCode.of("HANDLER_FAILED", ErrorCode.Category.PROCESSING, true);

  /** No handler is registered for the job's type on this node. */
  public static final ErrorCode NO_HANDLER =
      ErrorCode.of("NO_HANDLER", ErrorCode.Category.CONFIGURATION, false);

  /** A media job finished but an output is missing or empty. */
  public static final ErrorCode OUTPUT_INVALID =
      ErrorCode.of("OUTPUT_INVALID", ErrorCode.Category.PROCESSING, true);

  /** {@code JobHandle.await} gave up before the job finished; the job itself goes on. */
  public static final ErrorCode AWAIT_TIMEOUT =
      ErrorCode.of("AWAIT_TIMEOUT", ErrorCode.Category.PROCESSING, false);

  /** The engine was closed, or not started, when it was asked to do something. */
  public static final ErrorCode ENGINE_CLOSED =
      ErrorCode.of("ENGINE_CLOSED", ErrorCode.Category.CONFIGURATION, false);

  /**
   * A resumed job asked for a step other than the one its recorded history has at that place (a
   * different name or kind, or in a different order): the code between its steps is not
   * deterministic. Not retried: the job goes dead, and the message names the step.
   */
  public static final ErrorCode NON_DETERMINISTIC_REPLAY =
      ErrorCode.of("NON_DETERMINISTIC_REPLAY", ErrorCode.Category.PROCESSING, false);

  /** A step's result (or a saved state) is larger, as JSON, than the engine keeps. Not retried. */
  public static final ErrorCode STEP_RESULT_TOO_LARGE =
      ErrorCode.of("STEP_RESULT_TOO_LARGE", ErrorCode.Category.VALIDATION, false);

  /**
   * A step's result (or a saved state) cannot be written as JSON, or its checkpoint cannot be read
   * back as the type asked for. Not retried.
   */
  public static final ErrorCode STEP_RESULT_UNREADABLE =
      ErrorCode.of("STEP_RESULT_UNREADABLE", ErrorCode.Category.VALIDATION, false);

  /**
   * A durable primitive was called where it cannot be: inside a step's body, from another thread
   * than the handler's, or after the attempt ended. Not retried.
   */
  public static final ErrorCode DURABLE_MISUSE =
      ErrorCode.of("DURABLE_MISUSE", ErrorCode.Category.VALIDATION, false);

  private JobErrorCodes() {}
}
