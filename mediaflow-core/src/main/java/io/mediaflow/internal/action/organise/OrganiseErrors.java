package io.mediaflow.internal.action.organise;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.ErrorCode.Category;
import io.mediaflow.api.MediaFlowException;
import java.nio.file.Path;

/**
 * The error codes of the organise actions ({@code docs/error-codes.md}, "Organise actions"), and
 * the exceptions that carry them. Paths outside the roots are refused before any of these, with the
 * workspace's {@code PATH_NOT_ALLOWED}.
 */
public final class OrganiseErrors {

  /** The file to move, copy, rename, delete, tag or collect does not exist. */
  public static final ErrorCode FILE_NOT_FOUND =
      ErrorCode.of("ORGANISE_FILE_NOT_FOUND", Category.INPUT, false);

  /** The destination exists and the conflict policy is {@code fail} (the default). */
  public static final ErrorCode DESTINATION_EXISTS =
      ErrorCode.of("ORGANISE_DESTINATION_EXISTS", Category.VALIDATION, false);

  /** The destination is written in a way the action does not take ({@code ~/Podcasts/}). */
  public static final ErrorCode INVALID_DESTINATION =
      ErrorCode.of("ORGANISE_INVALID_DESTINATION", Category.VALIDATION, false);

  /** A new file name is not one plain name ({@code a/b}, {@code ..}, a leading {@code -}). */
  public static final ErrorCode INVALID_NAME =
      ErrorCode.of("ORGANISE_INVALID_NAME", Category.VALIDATION, false);

  /** A tag or collection name is not valid, or a tag change names no tag. */
  public static final ErrorCode INVALID_TAG =
      ErrorCode.of("ORGANISE_INVALID_TAG", Category.VALIDATION, false);

  /** The destination is the file itself, and the action cannot make it its own copy. */
  public static final ErrorCode SAME_FILE =
      ErrorCode.of("ORGANISE_SAME_FILE", Category.VALIDATION, false);

  /** Conflict policy {@code suffix} found every name up to {@code (999)} taken. */
  public static final ErrorCode NO_FREE_NAME =
      ErrorCode.of("ORGANISE_NO_FREE_NAME", Category.VALIDATION, false);

  /** {@code media.delete} of a file in the trash already, without {@code permanent}. */
  public static final ErrorCode ALREADY_IN_TRASH =
      ErrorCode.of("ORGANISE_ALREADY_IN_TRASH", Category.VALIDATION, false);

  /** The engine's storage keeps no media library, so tags and collections cannot be stored. */
  public static final ErrorCode LIBRARY_UNAVAILABLE =
      ErrorCode.of("ORGANISE_LIBRARY_UNAVAILABLE", Category.CONFIGURATION, false);

  /** The file system refused or failed (permissions, a full disk, a vanished folder). */
  public static final ErrorCode IO_FAILED =
      ErrorCode.of("ORGANISE_IO_FAILED", Category.PROCESSING, true);

  private OrganiseErrors() {}

  static MediaFlowException fileNotFound(Path file, String jsonPath) {
    return new MediaFlowException(
        FILE_NOT_FOUND,
        jsonPath + ": file " + file + " does not exist",
        "check the path, or the output of the node that should have made it");
  }

  static MediaFlowException destinationExists(Path target, String jsonPath) {
    return new MediaFlowException(
        DESTINATION_EXISTS,
        jsonPath + ": " + target + " already exists and \"conflict\" is \"fail\"",
        "choose another destination, or set \"conflict\" to \"suffix\" (keep both: name (1).ext)"
            + " or \"overwrite\" (replace it)");
  }

  static MediaFlowException invalidName(String jsonPath, String name, String why) {
    return new MediaFlowException(
        INVALID_NAME,
        jsonPath + ": file name \"" + shown(name) + "\" " + why,
        "give one plain file name such as \"episode-1.mp3\"; use media.move to change folders");
  }

  static MediaFlowException io(String what, Path file, Exception e) {
    return new MediaFlowException(
        IO_FAILED,
        what + " " + file + " failed: " + e,
        "check the folder's permissions and free space; the node's retry policy tries again",
        true,
        e);
  }

  static MediaFlowException libraryUnavailable(String action) {
    return new MediaFlowException(
        LIBRARY_UNAVAILABLE,
        action + " needs the media library, but this engine's storage keeps none",
        "use InMemoryStorage or JdbcStorage (schema V5), whose library() stores tags and"
            + " collections");
  }

  static String shown(String text) {
    return text.length() <= 80 ? text : text.substring(0, 77) + "...";
  }
}
