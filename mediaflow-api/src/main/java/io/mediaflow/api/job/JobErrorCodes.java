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

  private JobErrorCodes() {}
}
