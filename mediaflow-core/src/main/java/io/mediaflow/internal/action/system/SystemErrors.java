package io.mediaflow.internal.action.system;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.ErrorCode.Category;

/** The error codes of the system actions, catalogued in {@code docs/error-codes.md}. */
public final class SystemErrors {

  /** {@code system.exec} is off: the host registered no {@code ExecPolicy}. */
  public static final ErrorCode SYSTEM_EXEC_DISABLED =
      ErrorCode.of("SYSTEM_EXEC_DISABLED", Category.CONFIGURATION, false);

  /**
   * The program is not an absolute path on the host's {@code ExecPolicy} allow-list, or an argument
   * cannot be passed (a NUL character).
   */
  public static final ErrorCode SYSTEM_EXEC_NOT_ALLOWED =
      ErrorCode.of("SYSTEM_EXEC_NOT_ALLOWED", Category.VALIDATION, false);

  /** The allowed program could not be started: missing, not executable. */
  public static final ErrorCode SYSTEM_EXEC_START_FAILED =
      ErrorCode.of("SYSTEM_EXEC_START_FAILED", Category.CONFIGURATION, false);

  /** The program ran longer than its timeout and was stopped, with what it started. */
  public static final ErrorCode SYSTEM_EXEC_TIMEOUT =
      ErrorCode.of("SYSTEM_EXEC_TIMEOUT", Category.PROCESSING, true);

  /** The program ended with a non-zero exit code (and the node did not accept that). */
  public static final ErrorCode SYSTEM_EXEC_EXIT_CODE =
      ErrorCode.of("SYSTEM_EXEC_EXIT_CODE", Category.PROCESSING, false);

  private SystemErrors() {}
}
