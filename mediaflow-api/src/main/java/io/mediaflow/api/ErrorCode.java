package io.mediaflow.api;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A stable, machine-readable error code with its category and whether an error of this kind is
 * worth retrying by default.
 *
 * <p>The set is open: plugins and host job types create their own codes with {@link #of}. The
 * built-in codes are the constants below and are catalogued in {@code docs/error-codes.md}.
 *
 * @param code upper-case identifier such as {@code UNKNOWN_ID}
 * @param category what kind of failure this is; decides, for example, the command-line exit code
 * @param retryable whether a job failing with this code is retried by default
 */
public record ErrorCode(String code, Category category, boolean retryable) {

  private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_.]*");

  /** What kind of failure a code stands for. */
  public enum Category {
    /** The request itself is wrong: a spec, a parameter, a path outside the allowed roots. */
    VALIDATION,
    /** An input cannot be used: missing, unreadable, not media. */
    INPUT,
    /** Processing started and failed: the media tool, a timeout, a cancel. */
    PROCESSING,
    /** The environment is wrong: a missing binary, a plugin clash. */
    CONFIGURATION,
    /** A bug or an unexpected state inside mediaflow. */
    INTERNAL
  }

  // Validation: the spec or a request is wrong.

  /**
   * A request has several problems: the code of a {@link ValidationException} with more than one
   * {@link Violation}, each of which keeps its own code.
   */
  public static final ErrorCode INVALID_SPEC = validation("INVALID_SPEC");

  public static final ErrorCode MALFORMED_JSON = validation("MALFORMED_JSON");
  public static final ErrorCode UNKNOWN_FIELD = validation("UNKNOWN_FIELD");
  public static final ErrorCode MISSING_FIELD = validation("MISSING_FIELD");
  public static final ErrorCode WRONG_TYPE = validation("WRONG_TYPE");
  public static final ErrorCode OUT_OF_RANGE = validation("OUT_OF_RANGE");
  public static final ErrorCode INVALID_VALUE = validation("INVALID_VALUE");
  public static final ErrorCode UNSUPPORTED_VERSION = validation("UNSUPPORTED_VERSION");
  public static final ErrorCode NO_INPUTS = validation("NO_INPUTS");
  public static final ErrorCode NO_OUTPUTS = validation("NO_OUTPUTS");
  public static final ErrorCode DUPLICATE_ID = validation("DUPLICATE_ID");
  public static final ErrorCode UNKNOWN_ID = validation("UNKNOWN_ID");

  /**
   * An operation reads and writes the wrong way round: its result's id is taken (by an input, say)
   * and turned round the job fits. Reported once at {@code operations[i]} instead of the unknown
   * and duplicate ids the mix-up causes.
   */
  public static final ErrorCode SWAPPED_IDS = validation("SWAPPED_IDS");

  public static final ErrorCode UNKNOWN_OPERATOR = validation("UNKNOWN_OPERATOR");
  public static final ErrorCode WRONG_ARITY = validation("WRONG_ARITY");
  public static final ErrorCode CYCLE = validation("CYCLE");
  public static final ErrorCode UNUSED_RESULT = validation("UNUSED_RESULT");
  public static final ErrorCode UNUSED_INPUT = validation("UNUSED_INPUT");
  public static final ErrorCode UNREACHABLE = validation("UNREACHABLE");
  public static final ErrorCode UNSUPPORTED_SOURCE = validation("UNSUPPORTED_SOURCE");
  public static final ErrorCode PATH_NOT_ALLOWED = validation("PATH_NOT_ALLOWED");
  public static final ErrorCode DESTINATION_EXISTS = validation("DESTINATION_EXISTS");

  /**
   * A source, destination or path parameter names something that exists but is not a regular file:
   * a folder, a FIFO, a device or a socket. Such files are refused before anything opens them.
   */
  public static final ErrorCode NOT_A_REGULAR_FILE = validation("NOT_A_REGULAR_FILE");

  public static final ErrorCode INCOMPATIBLE_STREAM = validation("INCOMPATIBLE_STREAM");
  public static final ErrorCode USAGE = validation("USAGE");

  /** A URL source resolves to an address jobs may not reach (loopback, private, link-local, …). */
  public static final ErrorCode ADDRESS_NOT_ALLOWED = validation("ADDRESS_NOT_ALLOWED");

  /**
   * A text that becomes an argument of the media tool is longer than the operating system lets one
   * argument be (128 KiB on Linux), or the job's arguments together are longer than a command line
   * may be.
   */
  public static final ErrorCode ARGUMENT_TOO_LONG = validation("ARGUMENT_TOO_LONG");

  /** A job has more inputs, operations or outputs than the configured limits allow. */
  public static final ErrorCode JOB_TOO_LARGE = validation("JOB_TOO_LARGE");

  // Input: an input cannot be used.
  public static final ErrorCode INPUT_NOT_FOUND = of("INPUT_NOT_FOUND", Category.INPUT, false);
  public static final ErrorCode INPUT_UNREADABLE = of("INPUT_UNREADABLE", Category.INPUT, false);
  public static final ErrorCode INPUT_INVALID = of("INPUT_INVALID", Category.INPUT, false);

  /**
   * An input is in a format the media tool may not read for a job: a playlist, a manifest, a concat
   * list, an image sequence or another format that makes the tool open other files or run code.
   */
  public static final ErrorCode INPUT_FORMAT_NOT_ALLOWED =
      of("INPUT_FORMAT_NOT_ALLOWED", Category.INPUT, false);

  /** An input uses a codec the installed media tool cannot decode. */
  public static final ErrorCode UNSUPPORTED_CODEC = of("UNSUPPORTED_CODEC", Category.INPUT, false);

  /**
   * A URL source could not be fetched: refused or timed-out connection, an HTTP error status. The
   * default is retryable; a client error such as 404 is raised as not retryable.
   */
  public static final ErrorCode NETWORK = of("NETWORK", Category.INPUT, true);

  // Processing: the work started and failed.
  public static final ErrorCode PROCESSING_FAILED =
      of("PROCESSING_FAILED", Category.PROCESSING, true);
  public static final ErrorCode TIMEOUT = of("TIMEOUT", Category.PROCESSING, true);
  public static final ErrorCode CANCELLED = of("CANCELLED", Category.PROCESSING, false);

  /** A filter refused its arguments or its input (a bad expression, a zero size). */
  public static final ErrorCode FILTER_FAILED = of("FILTER_FAILED", Category.PROCESSING, false);

  /** The disk being written to is full. */
  public static final ErrorCode DISK_FULL = of("DISK_FULL", Category.PROCESSING, true);

  /** The media tool ran out of memory, or was killed, most likely by the kernel's OOM killer. */
  public static final ErrorCode OUT_OF_MEMORY = of("OUT_OF_MEMORY", Category.PROCESSING, true);

  // Configuration: the environment is wrong.
  public static final ErrorCode NO_MEDIA_BACKEND =
      of("NO_MEDIA_BACKEND", Category.CONFIGURATION, false);
  public static final ErrorCode BINARY_NOT_FOUND =
      of("BINARY_NOT_FOUND", Category.CONFIGURATION, false);
  public static final ErrorCode DUPLICATE_OPERATOR =
      of("DUPLICATE_OPERATOR", Category.CONFIGURATION, false);
  public static final ErrorCode PLUGIN_LOAD_FAILED =
      of("PLUGIN_LOAD_FAILED", Category.CONFIGURATION, false);

  /** The installed media tool lacks an encoder the job needs ({@code libx265}). */
  public static final ErrorCode ENCODER_NOT_FOUND =
      of("ENCODER_NOT_FOUND", Category.CONFIGURATION, false);

  /**
   * The hardware encoder an output names ({@code "hardware": "h264_nvenc"}) is not in this FFmpeg
   * build or its device does not open on this machine.
   */
  public static final ErrorCode HARDWARE_UNAVAILABLE =
      of("HARDWARE_UNAVAILABLE", Category.CONFIGURATION, false);

  /** The installed media tool lacks a filter the job needs ({@code drawtext}). */
  public static final ErrorCode FILTER_NOT_FOUND =
      of("FILTER_NOT_FOUND", Category.CONFIGURATION, false);

  /** A file or folder the media tool must write cannot be written by this process. */
  public static final ErrorCode PERMISSION_DENIED =
      of("PERMISSION_DENIED", Category.CONFIGURATION, false);

  /** Something inside mediaflow went wrong; a bug report is welcome. */
  public static final ErrorCode INTERNAL = of("INTERNAL", Category.INTERNAL, false);

  public ErrorCode {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(category, "category");
    if (!CODE.matcher(code).matches()) {
      throw new IllegalArgumentException(
          "error code must be upper case letters, digits, '_' or '.' but was \"" + code + "\"");
    }
  }

  /** Creates a code; plugins use this for their own failures. */
  public static ErrorCode of(String code, Category category, boolean retryable) {
    return new ErrorCode(code, category, retryable);
  }

  private static ErrorCode validation(String code) {
    return new ErrorCode(code, Category.VALIDATION, false);
  }

  @Override
  public String toString() {
    return code;
  }
}
