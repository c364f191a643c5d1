package io.mediaflow.ffmpeg.internal;

import io.mediaflow.api.ErrorCode;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads why FFmpeg failed from the last lines of its stderr: an ordered table of patterns, each
 * with an {@link ErrorCode}, whether trying again may help, and a suggestion a person can act on.
 *
 * <p>The first rule that matches wins, so root causes come before their consequences: {@code moov
 * atom not found} before {@code Invalid data found when processing input}, {@code No such filter}
 * before {@code Error initializing complex filters}, and the generic {@code Conversion failed!}
 * last. A rule that names a file is split in two: when the file is one of the invocation's inputs
 * the input is to blame ({@code INPUT_NOT_FOUND}), otherwise the output side is.
 */
public final class ErrorClassifier {

  /**
   * What a failure was.
   *
   * @param code the error code
   * @param retryable whether trying again may succeed; may differ from the code's default (an HTTP
   *     404 is a {@code NETWORK} error that is not worth retrying)
   * @param summary one sentence saying what went wrong
   * @param suggestion what a person can do about it
   * @param line the stderr line the rule matched; empty for a rule on the exit status
   */
  public record Classification(
      ErrorCode code, boolean retryable, String summary, String suggestion, String line) {}

  /** Where a pattern applies: any line, or only a line naming one of the invocation's inputs. */
  private enum Scope {
    ANY,
    INPUT,
    NOT_INPUT
  }

  private record Rule(
      Pattern pattern,
      Scope scope,
      ErrorCode code,
      boolean retryable,
      String summary,
      String suggestion) {}

  private static final String FULL_BUILD =
      "install an FFmpeg build that has it (Debian's ffmpeg package has every encoder and filter"
          + " mediaflow uses), or choose another codec";

  private static final List<Rule> RULES =
      List.of(
          rule(
              "No space left on device",
              ErrorCode.DISK_FULL,
              "the disk being written to is full",
              "free space on the output's disk (and the temp folder), then run the job again"),
          rule(
              "Cannot allocate memory|Out of memory|out of memory",
              ErrorCode.OUT_OF_MEMORY,
              "FFmpeg ran out of memory",
              "run fewer jobs at once or give the machine more memory; very large frames or long"
                  + " filter chains need more"),
          new Rule(
              p("No such file or directory"),
              Scope.INPUT,
              ErrorCode.INPUT_NOT_FOUND,
              false,
              "an input file does not exist",
              "check the input path and that the file was not moved while the job waited"),
          new Rule(
              p("Permission denied"),
              Scope.INPUT,
              ErrorCode.INPUT_UNREADABLE,
              false,
              "an input file cannot be read",
              "grant read permission on the file to the user running mediaflow"),
          rule(
              "Permission denied",
              ErrorCode.PERMISSION_DENIED,
              "FFmpeg may not write an output file or its folder",
              "grant write permission on the output folder to the user running mediaflow"),
          rule(
              "already exists",
              ErrorCode.DESTINATION_EXISTS,
              "an output file already exists",
              "set \"overwrite\": true on the output, or choose another destination"),
          rule(
              "Format not on whitelist",
              ErrorCode.INPUT_FORMAT_NOT_ALLOWED,
              "an input is in a format mediaflow does not let FFmpeg read (a playlist, a manifest,"
                  + " a concat list, an image sequence), as it would open other files",
              "give the media file itself; for a playlist, download its parts and join them"
                  + " first"),
          rule(
              "Protocol '[^']*' not on whitelist",
              ErrorCode.INPUT_INVALID,
              "an input refers to another file or URL (a playlist or a concat list), which"
                  + " mediaflow does not let FFmpeg open",
              "give the media itself rather than a playlist; download what it refers to first"),
          rule(
              "Connection refused",
              ErrorCode.NETWORK,
              "a network connection was refused",
              "check that the server is up and the URL's host and port are right"),
          rule(
              "Connection timed out|Operation timed out",
              ErrorCode.NETWORK,
              "a network connection timed out",
              "check the network and the server, then run the job again"),
          new Rule(
              p("Server returned (4\\d\\d|4XX)[^\\r\\n]*"),
              Scope.ANY,
              ErrorCode.NETWORK,
              false,
              "the server refused the request with a client error",
              "check the URL and that the file is public; a 404 will not fix itself"),
          rule(
              "Server returned (5\\d\\d|5XX)[^\\r\\n]*",
              ErrorCode.NETWORK,
              "the server failed with a server error",
              "the server is having trouble; the job is retried later"),
          rule(
              "moov atom not found",
              ErrorCode.INPUT_INVALID,
              "an MP4/MOV input has no index (moov atom): it is truncated or still being written",
              "give the complete file; if it was being uploaded or recorded, wait until it is"
                  + " finished"),
          rule(
              "Invalid frame dimensions",
              ErrorCode.INPUT_INVALID,
              "an input has frames with an invalid size",
              "check the input with `mediaflow probe`; re-export it if it is damaged"),
          rule(
              "Invalid data found when processing input",
              ErrorCode.INPUT_INVALID,
              "an input is not media FFmpeg can read",
              "check that every input is a complete media file; re-export it if it is damaged"),
          rule(
              "Decoder \\([^)]*\\) not found|Decoding requested, but no decoder found"
                  + "|Unsupported codec with id",
              ErrorCode.UNSUPPORTED_CODEC,
              "an input uses a codec this FFmpeg cannot decode",
              "convert the input to a common codec (h264, aac) first, or install a full FFmpeg"),
          rule(
              "Unknown encoder '[^']*'|Encoder (\\([^)]*\\) )?not found|Unknown encoder",
              ErrorCode.ENCODER_NOT_FOUND,
              "this FFmpeg lacks an encoder the job needs",
              FULL_BUILD),
          rule(
              "No such filter: '[^']*'|No such filter",
              ErrorCode.FILTER_NOT_FOUND,
              "this FFmpeg lacks a filter the job needs",
              FULL_BUILD),
          rule(
              "Could not find tag for codec \\S+ in stream|codec not currently supported in"
                  + " container|\\S+ only supported in \\S+",
              ErrorCode.INCOMPATIBLE_STREAM,
              "the container cannot hold one of the output's codecs",
              "choose a codec the container holds (h264/aac for mp4, vp9/opus for webm), or"
                  + " another container"),
          rule(
              "(width|height) not divisible by 2",
              ErrorCode.INVALID_VALUE,
              "the encoder needs an even width and height, and a frame has an odd one",
              "make the size even: use -2 instead of -1 for the side scale computes, or an even"
                  + " number"),
          rule(
              "Stream map '[^']*' matches no streams|Stream specifier '[^']*'[^\\r\\n]* matches no"
                  + " streams",
              ErrorCode.INPUT_INVALID,
              "an input lacks a track the job reads (video or audio)",
              "check the input with `mediaflow probe`; drop the operation or output that needs"
                  + " the missing track"),
          rule(
              "Output file #\\d+ does not contain any stream",
              ErrorCode.INCOMPATIBLE_STREAM,
              "an output would receive no track: the input has none the container takes",
              "check that the input has the video or audio the output's container needs"),
          rule(
              "Error initializing filter|Error reinitializing filters|Failed to configure (input|"
                  + "output) pad|Cannot parse expression|Invalid argument for filter"
                  + "|Error applying option",
              ErrorCode.FILTER_FAILED,
              "a filter refused its options or its input",
              "check the operation's parameters against the media (sizes, positions, times);"
                  + " `mediaflow plan` shows the filter graph"),
          rule(
              "Output with label '[^']*' does not exist|Filter \\S+ has an unconnected output",
              ErrorCode.INTERNAL,
              "the filter graph mediaflow built is not connected correctly",
              "this is a planner bug; please report it with the job spec"),
          new Rule(
              p("[Rr]eceived signal \\d+|Killed"),
              Scope.ANY,
              ErrorCode.PROCESSING_FAILED,
              true,
              "FFmpeg was stopped by a signal from outside mediaflow",
              "check whether something stopped it (a container limit, an operator); run it again"),
          new Rule(
              p("No such file or directory"),
              Scope.NOT_INPUT,
              ErrorCode.PROCESSING_FAILED,
              false,
              "a file or folder FFmpeg needs is missing",
              "check that every output's folder exists and is writable"),
          rule(
              "Conversion failed!",
              ErrorCode.PROCESSING_FAILED,
              "FFmpeg could not convert the media",
              "the FFmpeg messages above say what failed; `mediaflow plan` shows the exact"
                  + " arguments"));

  private ErrorClassifier() {}

  /**
   * Classifies a failed run.
   *
   * @param stderr the last lines FFmpeg printed
   * @param exitCode its exit status; 128 + n means it was killed by signal n
   * @param inputLocations the invocation's input paths, to tell an input's problem from an output's
   * @return the first rule that matches, or empty when none does
   */
  public static Optional<Classification> classify(
      String stderr, int exitCode, List<String> inputLocations) {
    String text = stderr == null ? "" : stderr;
    String[] lines = text.split("\\R");
    for (Rule rule : RULES) {
      for (String line : lines) {
        Matcher m = rule.pattern().matcher(line);
        if (m.find() && inScope(rule.scope(), line, inputLocations)) {
          return Optional.of(
              new Classification(
                  rule.code(), rule.retryable(), rule.summary(), rule.suggestion(), line.strip()));
        }
      }
    }
    return bySignal(exitCode);
  }

  /**
   * Java reports a process killed by signal n as exit status 128 + n. SIGKILL from outside is most
   * often the kernel's OOM killer; the others are crashes or a stop nobody here asked for.
   */
  private static Optional<Classification> bySignal(int exitCode) {
    if (exitCode <= 128 || exitCode > 128 + 64) {
      return Optional.empty();
    }
    int signal = exitCode - 128;
    if (signal == 9) {
      return Optional.of(
          new Classification(
              ErrorCode.OUT_OF_MEMORY,
              true,
              "FFmpeg was killed by signal 9 (SIGKILL), most likely by the kernel for using too"
                  + " much memory",
              "run fewer jobs at once or give the machine more memory",
              ""));
    }
    return Optional.of(
        new Classification(
            ErrorCode.PROCESSING_FAILED,
            true,
            "FFmpeg was killed by signal " + signal + signalName(signal),
            "run the job again; if it keeps crashing, report it with the job spec and FFmpeg's"
                + " version",
            ""));
  }

  private static String signalName(int signal) {
    return switch (signal) {
      case 6 -> " (SIGABRT)";
      case 11 -> " (SIGSEGV, a crash)";
      case 15 -> " (SIGTERM)";
      default -> "";
    };
  }

  private static boolean inScope(Scope scope, String line, List<String> inputs) {
    if (scope == Scope.ANY) {
      return true;
    }
    boolean namesInput = inputs.stream().anyMatch(i -> !i.isEmpty() && line.contains(i));
    return scope == Scope.INPUT ? namesInput : !namesInput;
  }

  private static Rule rule(String regex, ErrorCode code, String summary, String suggestion) {
    return new Rule(p(regex), Scope.ANY, code, code.retryable(), summary, suggestion);
  }

  private static Pattern p(String regex) {
    return Pattern.compile(regex);
  }
}
