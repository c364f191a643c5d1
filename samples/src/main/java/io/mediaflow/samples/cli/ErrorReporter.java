package io.mediaflow.samples.cli;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.Violation;
import java.io.PrintWriter;

/**
 * Prints a failure for people, one problem per line on the error stream, and says which exit code
 * it deserves. Bad input never shows a stack trace; an unexpected failure shows one only when asked
 * ({@code --verbose} or {@code MEDIAFLOW_DEBUG}).
 */
final class ErrorReporter {

  private final Terminal terminal;

  ErrorReporter(Terminal terminal) {
    this.terminal = terminal;
  }

  /** Reports {@code failure} and returns the exit code. */
  int report(Throwable failure) {
    PrintWriter err = terminal.err();
    if (failure instanceof ValidationException e) {
      for (Violation v : e.violations()) {
        err.println("error: " + v);
      }
    } else if (failure instanceof MediaFlowException e) {
      err.println("error: " + e.code().code() + ": " + e.detail());
      if (!e.suggestion().isEmpty()) {
        err.println("hint: " + e.suggestion());
      }
      if (terminal.verbose() && e.getCause() != null) {
        e.printStackTrace(err);
      }
    } else {
      String message = failure.getMessage() == null ? "" : ": " + failure.getMessage();
      err.println(
          "error: "
              + ErrorCode.INTERNAL.code()
              + ": "
              + failure.getClass().getName()
              + message.lines().findFirst().orElse(""));
      if (terminal.verbose()) {
        failure.printStackTrace(err);
      } else {
        err.println("hint: run again with --verbose (or MEDIAFLOW_DEBUG=1) for the stack trace");
      }
    }
    err.flush();
    return ExitCodes.of(failure);
  }

  /** Reports a command-line mistake (unknown option, missing argument) and returns exit code 2. */
  int usage(String message, String commandName) {
    PrintWriter err = terminal.err();
    err.println("error: " + ErrorCode.USAGE.code() + ": " + message);
    err.println("hint: see '" + commandName + " --help'");
    err.flush();
    return ExitCodes.of(ErrorCode.USAGE);
  }
}
