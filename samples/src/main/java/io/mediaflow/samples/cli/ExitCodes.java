package io.mediaflow.samples.cli;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.ValidationException;

/**
 * The command line's exit codes, derived from an error's category so that scripts can tell "fix
 * your request" from "the media failed" from "the machine is set up wrong".
 */
final class ExitCodes {

  /** Everything went well. */
  static final int OK = 0;

  /** The environment or mediaflow itself failed (missing backend, plugin clash, a bug). */
  static final int SOFTWARE = 1;

  /** The request is wrong: bad usage, an invalid spec, a path outside the allowed roots. */
  static final int INVALID_REQUEST = 2;

  /** An input cannot be used, or processing failed. */
  static final int MEDIA_FAILED = 3;

  private ExitCodes() {}

  static int of(ErrorCode code) {
    return switch (code.category()) {
      case VALIDATION -> INVALID_REQUEST;
      case INPUT, PROCESSING -> MEDIA_FAILED;
      case CONFIGURATION, INTERNAL -> SOFTWARE;
    };
  }

  /**
   * A refused request ({@link ValidationException}) is always {@link #INVALID_REQUEST}, even when
   * the first problem is the environment's, such as an encoder the installed FFmpeg lacks: the plan
   * was refused before anything ran.
   */
  static int of(Throwable failure) {
    if (failure instanceof ValidationException) {
      return INVALID_REQUEST;
    }
    return failure instanceof MediaFlowException e ? of(e.code()) : SOFTWARE;
  }
}
