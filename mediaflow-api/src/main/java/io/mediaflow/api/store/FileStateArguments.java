package io.mediaflow.api.store;

import io.mediaflow.api.ErrorCode;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The argument rules of {@link FileStateStore} and the errors that break them, for storage
 * adapters: every adapter checks its arguments with these, so all word their errors the same (the
 * testkit's {@code FileStateStoreContract} holds them to the code, the argument named and a
 * suggestion). Paths are listed in {@link LibraryArguments#ORDER}, code-point order, on every
 * store.
 */
public final class FileStateArguments {

  /** The largest page of {@link FileStateStore#claimed}. */
  public static final int MAX_PAGE_SIZE = 10_000;

  private FileStateArguments() {}

  /**
   * Checks a watch id: 1 to {@link FileStateStore#MAX_WATCH_ID_LENGTH} of {@code A-Za-z0-9._:-}.
   */
  public static void checkWatchId(String watchId) {
    Objects.requireNonNull(watchId, "watchId");
    // a watch id is a rule's id: the same rule (and maximum length, 128)
    if (!WorkflowArguments.validId(watchId)) {
      throw new StorageException(
          ErrorCode.INVALID_VALUE,
          "watch id '"
              + WorkflowArguments.shown(watchId)
              + "' is not valid: a watch id is 1 to "
              + FileStateStore.MAX_WATCH_ID_LENGTH
              + " characters of A-Z a-z 0-9 . _ : -, starting with a letter or digit"
              + (watchId.length() > FileStateStore.MAX_WATCH_ID_LENGTH
                  ? " (it has " + watchId.length() + ")"
                  : ""),
          "use the id of the watched-folder rule, such as 'incoming-movies'");
    }
  }

  /** Checks a path: 1 to {@link FileStateStore#MAX_PATH_LENGTH} characters without U+0000. */
  public static void checkPath(String path) {
    Objects.requireNonNull(path, "path");
    if (path.isEmpty() || path.length() > FileStateStore.MAX_PATH_LENGTH) {
      throw new StorageException(
          ErrorCode.INVALID_VALUE,
          "path '"
              + WorkflowArguments.shown(path)
              + "' is not valid: a watched file's path is 1 to "
              + FileStateStore.MAX_PATH_LENGTH
              + " characters but it has "
              + path.length(),
          "name the file by its absolute, normalised path");
    }
    int at = path.indexOf('\0');
    if (at >= 0) {
      throw new StorageException(
          ErrorCode.INVALID_VALUE,
          "path '" + WorkflowArguments.shown(path) + "' holds a U+0000 character at index " + at,
          "no file path holds U+0000; check where the path came from");
    }
  }

  /**
   * Checks the arguments of {@link FileStateStore#claim}: every path valid and each path at most
   * once (two versions of one file in one call cannot both be the version handled).
   */
  public static void checkClaim(String watchId, Collection<SeenFile> files, Instant now) {
    checkWatchId(watchId);
    Objects.requireNonNull(files, "files");
    Objects.requireNonNull(now, "now");
    Set<String> paths = new HashSet<>();
    for (SeenFile file : files) {
      Objects.requireNonNull(file, "files holds null");
      checkPath(file.path());
      if (!paths.add(file.path())) {
        throw new StorageException(
            ErrorCode.INVALID_VALUE,
            "files names path '"
                + WorkflowArguments.shown(file.path())
                + "' more than once: one claim takes one version of each file",
            "claim the latest version of each file only");
      }
    }
  }

  /** Checks the arguments of {@link FileStateStore#forgetMissing}. */
  public static void checkForgetMissing(String watchId, Collection<String> present) {
    checkWatchId(watchId);
    Objects.requireNonNull(present, "present");
    for (String path : present) {
      checkPath(path);
    }
  }

  /** Checks a page of {@link FileStateStore#claimed}. */
  public static void checkPage(String watchId, int page, int size) {
    checkWatchId(watchId);
    if (page < 0) {
      throw new StorageException(
          ErrorCode.OUT_OF_RANGE,
          "page must be 0 or more but was " + page,
          "pages are numbered from 0");
    }
    if (size < 1 || size > MAX_PAGE_SIZE) {
      throw new StorageException(
          ErrorCode.OUT_OF_RANGE,
          "size must be between 1 and " + MAX_PAGE_SIZE + " but was " + size,
          "ask for at most " + MAX_PAGE_SIZE + " files per page");
    }
  }
}
