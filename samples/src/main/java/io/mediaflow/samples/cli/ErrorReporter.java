package io.mediaflow.samples.cli;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.Violation;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

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

  /**
   * Reports {@code failure} and returns the exit code. Everything printed goes through {@link
   * Printable}: a violation is one line, and a multi-line detail (FFmpeg's last messages) goes on
   * lines indented by two spaces, so no text from a spec, a server or FFmpeg can start a line of
   * its own or reach the terminal as a control sequence.
   */
  int report(Throwable failure) {
    PrintWriter err = terminal.err();
    if (failure instanceof ValidationException e) {
      for (Violation v : e.violations()) {
        err.println("error: " + Printable.escape(forCommandLine(v).toString()));
      }
    } else if (failure instanceof MediaFlowException e) {
      printDetail(err, "error: " + e.code().code() + ": ", e.detail());
      String hint = suggestion(e.code(), e.suggestion());
      if (!hint.isEmpty()) {
        err.println("hint: " + Printable.escape(hint));
      }
      if (terminal.verbose() && e.getCause() != null) {
        printStackTrace(err, e);
      }
    } else {
      String message = failure.getMessage() == null ? "" : ": " + failure.getMessage();
      err.println(
          "error: "
              + ErrorCode.INTERNAL.code()
              + ": "
              + failure.getClass().getName()
              + Printable.escape(message.lines().findFirst().orElse("")));
      if (terminal.verbose()) {
        printStackTrace(err, failure);
      } else {
        err.println("hint: run again with --verbose (or MEDIAFLOW_DEBUG=1) for the stack trace");
      }
    }
    err.flush();
    return ExitCodes.of(failure);
  }

  /** How the library's suggestions name the API that allows a folder; the command line's flag. */
  private static final String WORKSPACE_ALLOW_ROOT = "Workspace.Builder.allowRoot";

  /** {@code v} with the suggestion the command line gives: its own options named. */
  static Violation forCommandLine(Violation v) {
    String hint = suggestion(v.code(), v.suggestion());
    return hint.equals(v.suggestion()) ? v : new Violation(v.path(), v.code(), v.message(), hint);
  }

  /**
   * The library's suggestion for {@code code}, with what the command line adds: where plugin
   * operators come from, and its {@code --overwrite} and {@code --allow-root} in place of the
   * switches as Java writes them.
   */
  static String suggestion(ErrorCode code, String given) {
    if (code.equals(ErrorCode.UNKNOWN_OPERATOR)) {
      String plugins = "an operator from a plugin jar is loaded with --plugins DIR";
      return given.isEmpty() ? plugins : given + "; " + plugins;
    }
    if (code.equals(ErrorCode.PATH_NOT_ALLOWED)) {
      return given.replace(WORKSPACE_ALLOW_ROOT, "--allow-root DIR");
    }
    if (code.equals(ErrorCode.DESTINATION_EXISTS)) {
      return "pass --overwrite, set \"overwrite\": true on the output, or choose another"
          + " destination";
    }
    return given;
  }

  /** The first line after {@code prefix}, the others indented: the detail's lines stay apart. */
  private static void printDetail(PrintWriter err, String prefix, String detail) {
    List<String> lines = detail.lines().toList();
    err.println(prefix + Printable.escape(lines.isEmpty() ? "" : lines.get(0)));
    for (int i = 1; i < lines.size(); i++) {
      err.println("  " + Printable.escape(lines.get(i)));
    }
  }

  /** A stack trace, each of its lines escaped (messages in it may hold anything). */
  private static void printStackTrace(PrintWriter err, Throwable failure) {
    StringWriter trace = new StringWriter();
    failure.printStackTrace(new PrintWriter(trace));
    trace.toString().lines().forEach(line -> err.println(Printable.escape(line)));
  }

  /** Reports a command-line mistake (unknown option, missing argument) and returns exit code 2. */
  int usage(String message, String commandName) {
    PrintWriter err = terminal.err();
    err.println("error: " + ErrorCode.USAGE.code() + ": " + Printable.escape(message));
    err.println("hint: see '" + Printable.escape(commandName) + " --help'");
    err.flush();
    return ExitCodes.of(ErrorCode.USAGE);
  }
}
