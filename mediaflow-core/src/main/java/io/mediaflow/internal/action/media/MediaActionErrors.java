package io.mediaflow.internal.action.media;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.ErrorCode.Category;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.action.ActionDescriptor;
import java.util.List;

/**
 * The error codes of the built-in media actions (docs/actions.md, "Media"), each with its retryable
 * flag: a workflow's error handling retries only what a retry may fix.
 */
public final class MediaActionErrors {

  /** The input file does not exist or is not a regular file. Not retryable. */
  public static final ErrorCode INPUT_MISSING =
      ErrorCode.of("MEDIA_INPUT_MISSING", Category.INPUT, false);

  /** The input could not be probed: not media, or a format the backend refuses. Not retryable. */
  public static final ErrorCode PROBE_FAILED =
      ErrorCode.of("MEDIA_PROBE_FAILED", Category.INPUT, false);

  /** Audio was asked of a file without an audio track. Not retryable. */
  public static final ErrorCode NO_AUDIO = ErrorCode.of("MEDIA_NO_AUDIO", Category.INPUT, false);

  /** A picture was asked of a file without a video track. Not retryable. */
  public static final ErrorCode NO_VIDEO = ErrorCode.of("MEDIA_NO_VIDEO", Category.INPUT, false);

  /** The destination exists and {@code overwrite} is false. Not retryable. */
  public static final ErrorCode OUTPUT_EXISTS =
      ErrorCode.of("MEDIA_OUTPUT_EXISTS", Category.VALIDATION, false);

  /** The destination is the input itself. Not retryable. */
  public static final ErrorCode SAME_FILE =
      ErrorCode.of("MEDIA_SAME_FILE", Category.VALIDATION, false);

  /** Neither {@code output} nor {@code format} says what to write. Not retryable. */
  public static final ErrorCode NO_DESTINATION =
      ErrorCode.of("MEDIA_NO_DESTINATION", Category.VALIDATION, false);

  /** The destination's extension is not a format the action writes. Not retryable. */
  public static final ErrorCode FORMAT_INVALID =
      ErrorCode.of("MEDIA_FORMAT_INVALID", Category.VALIDATION, false);

  /** A thumbnail's {@code at} lies beyond the end of the input. Not retryable. */
  public static final ErrorCode AT_OUT_OF_RANGE =
      ErrorCode.of("MEDIA_AT_OUT_OF_RANGE", Category.VALIDATION, false);

  /** A tag of {@code media.metadata} has an empty name, an {@code =} or a non-text value. */
  public static final ErrorCode TAG_INVALID =
      ErrorCode.of("MEDIA_TAG_INVALID", Category.VALIDATION, false);

  /** The media job the action built (or {@code media.process} was given) is invalid. */
  public static final ErrorCode SPEC_INVALID =
      ErrorCode.of("MEDIA_SPEC_INVALID", Category.VALIDATION, false);

  /**
   * The media job ran and failed; the message carries its own code. Retryable as that failure is (a
   * full disk, a timeout: yes; a corrupt input: no).
   */
  public static final ErrorCode JOB_FAILED =
      ErrorCode.of("MEDIA_JOB_FAILED", Category.PROCESSING, true);

  /** The media job was cancelled by someone else than the node (a host, an operator). */
  public static final ErrorCode JOB_CANCELLED =
      ErrorCode.of("MEDIA_JOB_CANCELLED", Category.PROCESSING, false);

  /** What every action that writes a file through a media job may raise. */
  static final List<ErrorCode> WRITING =
      List.of(
          INPUT_MISSING,
          SAME_FILE,
          OUTPUT_EXISTS,
          FORMAT_INVALID,
          PROBE_FAILED,
          SPEC_INVALID,
          JOB_FAILED,
          JOB_CANCELLED);

  private MediaActionErrors() {}

  /** Declares {@link #WRITING} and then {@code more} on a descriptor being built. */
  static ActionDescriptor writing(ActionDescriptor.Builder b, ErrorCode... more) {
    WRITING.forEach(b::error);
    for (ErrorCode c : more) {
      b.error(c);
    }
    return b.build();
  }

  /** A failure of an action: the message starts with the action's name (the run adds the node). */
  static MediaFlowException at(String action, ErrorCode code, String message, String suggestion) {
    return new MediaFlowException(code, action + ": " + message, suggestion);
  }
}
