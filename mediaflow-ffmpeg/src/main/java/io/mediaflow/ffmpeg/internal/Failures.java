package io.mediaflow.ffmpeg.internal;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.plan.Invocation;
import io.mediaflow.api.plan.InvocationInput;
import java.time.Duration;

/** Turns how an FFmpeg run ended into an error with a code, the retryable flag and a suggestion. */
final class Failures {

  private static final String SEE_ARGS =
      "the FFmpeg messages above say what failed; `mediaflow plan` shows the exact arguments";

  private Failures() {}

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

  /** Classifies a non-zero exit from the last lines of stderr. */
  static MediaFlowException failed(Invocation invocation, int exitCode, String stderr) {
    String tail = stderr.isBlank() ? "(FFmpeg printed nothing on stderr)" : stderr;
    String head = "invocation " + invocation.id() + " failed (ffmpeg exit " + exitCode + "): ";
    String input = inputNamed(invocation, stderr);
    if (input != null && stderr.contains("No such file or directory")) {
      return new MediaFlowException(
          ErrorCode.INPUT_NOT_FOUND,
          head + "input " + input + " does not exist\n" + tail,
          "check the input path and that the file was not moved while the job waited");
    }
    if (input != null && stderr.contains("Permission denied")) {
      return new MediaFlowException(
          ErrorCode.INPUT_UNREADABLE,
          head + "input " + input + " cannot be read\n" + tail,
          "grant read permission on the file to the user running mediaflow");
    }
    if (stderr.contains("Invalid data found when processing input")) {
      return new MediaFlowException(
          ErrorCode.INPUT_INVALID,
          head + "an input is not media FFmpeg can read\n" + tail,
          "check that every input is a complete media file; re-export it if it is damaged");
    }
    if (stderr.contains("already exists")) {
      return new MediaFlowException(
          ErrorCode.DESTINATION_EXISTS,
          head + "an output file already exists\n" + tail,
          "set \"overwrite\": true on the output, or choose another destination");
    }
    if (stderr.contains("Unknown encoder")
        || stderr.contains("Encoder not found")
        || stderr.contains("No such filter")) {
      return new MediaFlowException(
          ErrorCode.PROCESSING_FAILED,
          head + "this FFmpeg lacks an encoder or filter the job needs\n" + tail,
          "install a full FFmpeg build (Debian's ffmpeg package has every encoder mediaflow uses)",
          false,
          null);
    }
    if (stderr.contains("No such file or directory")) {
      return new MediaFlowException(
          ErrorCode.PROCESSING_FAILED,
          head + "a file or folder is missing\n" + tail,
          "check that every output's folder exists and is writable",
          false,
          null);
    }
    return new MediaFlowException(ErrorCode.PROCESSING_FAILED, head + "\n" + tail, SEE_ARGS);
  }

  private static String inputNamed(Invocation invocation, String stderr) {
    for (InvocationInput input : invocation.inputs()) {
      if (stderr.contains(input.location())) {
        return input.location();
      }
    }
    return null;
  }

  private static String seconds(Duration d) {
    return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }
}
