package io.mediaflow.ffmpeg.internal;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.plan.Invocation;
import io.mediaflow.api.plan.InvocationInput;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Turns how an FFmpeg run ended into an error with a code, the retryable flag and a suggestion. */
final class Failures {

  private static final String SEE_ARGS =
      "the FFmpeg messages above say what failed; `mediaflow plan` shows the exact arguments";

  private Failures() {}

  /**
   * A program that did not start. Only a missing or unusable program is {@code BINARY_NOT_FOUND}:
   * an argument list the kernel refuses ({@code E2BIG}) or an argument Java cannot pass (a NUL) is
   * about the job's values, which validation should have refused, and installing FFmpeg would not
   * help.
   */
  static MediaFlowException cannotStart(Path program, String what, IOException e) {
    String reason = String.valueOf(e.getMessage());
    if (reason.contains("error=7,") || reason.contains("Argument list too long")) {
      return new MediaFlowException(
          ErrorCode.ARGUMENT_TOO_LONG,
          "cannot start "
              + what
              + ": its arguments are too long for the operating system ("
              + reason
              + ")",
          "shorten the job's metadata and paths, or split the job",
          false,
          e);
    }
    if (reason.contains("null character")) {
      return new MediaFlowException(
          ErrorCode.INVALID_VALUE,
          "cannot start " + what + ": an argument holds a NUL character (" + reason + ")",
          "remove NUL characters (U+0000) from the job's metadata, paths and parameters",
          false,
          e);
    }
    return new MediaFlowException(
        ErrorCode.BINARY_NOT_FOUND,
        "cannot run " + program + ": " + reason,
        Binaries.SUGGESTION,
        false,
        e);
  }

  static MediaFlowException cancelled(Invocation invocation, Duration after) {
    return new MediaFlowException(
        ErrorCode.CANCELLED,
        "invocation "
            + invocation.id()
            + " was cancelled after "
            + seconds(after)
            + "; its outputs are incomplete",
        "submit the job again to run it");
  }

  static MediaFlowException timedOut(Invocation invocation, Duration limit) {
    return new MediaFlowException(
        ErrorCode.TIMEOUT,
        "invocation "
            + invocation.id()
            + " ran longer than its timeout of "
            + seconds(limit)
            + " and was stopped",
        "raise the timeout, or split the job into shorter pieces");
  }

  /**
   * Classifies a non-zero exit from the last lines of stderr ({@link ErrorClassifier}). The
   * message's first line says what failed; the lines after it are FFmpeg's last {@value
   * #MESSAGE_LINES} lines on stderr, each cut to {@value #MESSAGE_LINE_CHARS} characters, which the
   * engine puts in the job's log.
   */
  static MediaFlowException failed(Invocation invocation, int exitCode, String stderr) {
    Optional<String> refused = InputFormats.refused(stderr);
    if (refused.isPresent()) {
      return InputFormats.notAllowed(refusedInput(invocation, stderr), refused.get());
    }
    String tail = stderrTail(stderr);
    String head = "invocation " + invocation.id() + " failed (ffmpeg exit " + exitCode + ")";
    List<String> inputs = invocation.inputs().stream().map(InvocationInput::location).toList();
    return ErrorClassifier.classify(stderr, exitCode, inputs)
        .map(
            c ->
                new MediaFlowException(
                    c.code(),
                    head + ": " + c.summary() + "\n" + tail,
                    c.suggestion(),
                    c.retryable(),
                    null))
        .orElseGet(
            () ->
                new MediaFlowException(ErrorCode.PROCESSING_FAILED, head + "\n" + tail, SEE_ARGS));
  }

  /** Lines of FFmpeg's stderr a failure's message keeps: the last, where the reason is. */
  static final int MESSAGE_LINES = 20;

  /** The longest stderr line a failure's message keeps. */
  static final int MESSAGE_LINE_CHARS = 500;

  /** FFmpeg's last lines, labelled, bounded. */
  static String stderrTail(String stderr) {
    if (stderr.isBlank()) {
      return "(FFmpeg printed nothing on stderr)";
    }
    String[] lines = stderr.strip().split("\\R");
    int from = Math.max(0, lines.length - MESSAGE_LINES);
    StringBuilder b =
        new StringBuilder("FFmpeg's last ")
            .append(lines.length - from)
            .append(lines.length - from == 1 ? " line" : " lines")
            .append(" on stderr:");
    for (int i = from; i < lines.length; i++) {
      String line = lines[i];
      b.append('\n')
          .append(
              line.length() > MESSAGE_LINE_CHARS
                  ? line.substring(0, MESSAGE_LINE_CHARS) + "…"
                  : line);
    }
    return b.toString();
  }

  /** FFmpeg names the input it refused on the line after the refusal: {@code file:/x.mp4: …}. */
  private static String refusedInput(Invocation invocation, String stderr) {
    String after = stderr.substring(stderr.indexOf("Format not on whitelist"));
    for (InvocationInput input : invocation.inputs()) {
      if (after.contains(CommandBuilder.localUrl(input.location()) + ":")) {
        return "input '" + input.inputId() + "' (" + input.location() + ") of " + invocation.id();
      }
    }
    return "an input of " + invocation.id();
  }

  private static String seconds(Duration d) {
    return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }
}
