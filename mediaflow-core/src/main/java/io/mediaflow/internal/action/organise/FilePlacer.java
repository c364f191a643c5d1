package io.mediaflow.internal.action.organise;

import io.mediaflow.api.MediaFlowException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Puts a file in its place, never replacing one unless the conflict policy says {@code overwrite}.
 *
 * <p>Why not {@code Files.move(…, ATOMIC_MOVE)} alone: on Linux it is {@code rename(2)}, which
 * silently replaces an existing target. A new name is therefore taken with {@code link(2)} (a hard
 * link, {@link Files#createLink}), which is atomic and fails when the name exists; a move then
 * removes the old name. Where a link cannot be made (another file system, one without hard links)
 * the bytes are copied to a temp file in the target's folder and that is linked, or, failing that,
 * moved without replacing (the JDK looks and then renames: a file appearing in between could be
 * replaced, the one case this cannot rule out). {@code overwrite} is one {@code rename(2)} from the
 * same folder, so readers see the old file or the new one, never a part.
 */
final class FilePlacer {

  /** The highest suffix {@code suffix} tries: {@code name (999).ext}. */
  static final int MAX_SUFFIX = 999;

  /** Move or copy. */
  enum Mode {
    MOVE,
    COPY
  }

  private FilePlacer() {}

  /** Puts one candidate name in place, or throws {@link FileAlreadyExistsException}. */
  @FunctionalInterface
  private interface Put {
    void into(Path candidate) throws IOException;
  }

  /**
   * Moves or copies {@code source} to {@code target} under {@code policy}.
   *
   * @return where the file now is: {@code target}, or with {@code suffix} the name taken
   * @throws MediaFlowException {@code ORGANISE_DESTINATION_EXISTS} or {@code ORGANISE_NO_FREE_NAME}
   * @throws IOException when the file system fails
   */
  static Path place(Mode mode, Path source, Path target, Conflict policy, String jsonPath)
      throws IOException {
    if (policy == Conflict.OVERWRITE) {
      replace(mode, source, target);
      return target;
    }
    if (mode == Mode.COPY) {
      Path temp = copyToTemp(source, target.getParent());
      try {
        return firstFree(source, target, policy, false, jsonPath, c -> linkOrMove(temp, c));
      } finally {
        Files.deleteIfExists(temp);
      }
    }
    Path placed = firstFree(source, target, policy, true, jsonPath, c -> linkForMove(source, c));
    Files.delete(source);
    return placed;
  }

  /** Where {@link #place} would put the file, touching nothing: what a test run reports. */
  static Path plan(Mode mode, Path source, Path target, Conflict policy, String jsonPath) {
    if (policy == Conflict.OVERWRITE) {
      return target;
    }
    for (int n = 0; n <= MAX_SUFFIX; n++) {
      Path candidate = candidate(target, n);
      if (!Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)
          || (mode == Mode.MOVE && sameFile(source, candidate))) {
        return candidate;
      }
      if (policy == Conflict.FAIL) {
        throw OrganiseErrors.destinationExists(candidate, jsonPath);
      }
    }
    throw noFreeName(target, jsonPath);
  }

  private static Path firstFree(
      Path source, Path target, Conflict policy, boolean move, String jsonPath, Put put)
      throws IOException {
    for (int n = 0; n <= MAX_SUFFIX; n++) {
      Path candidate = candidate(target, n);
      try {
        if (Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
          throw new FileAlreadyExistsException(candidate.toString()); // no copy for a taken name
        }
        put.into(candidate);
        return candidate;
      } catch (FileAlreadyExistsException e) {
        if (move && sameFile(source, candidate)) {
          // a move cut short after the link: finishing it only removes the old name
          return candidate;
        }
        if (policy == Conflict.FAIL) {
          throw OrganiseErrors.destinationExists(candidate, jsonPath);
        }
      }
    }
    throw noFreeName(target, jsonPath);
  }

  /** The new name as a hard link of the file; across file systems, a copy put in place. */
  private static void linkForMove(Path source, Path candidate) throws IOException {
    try {
      Files.createLink(candidate, source);
    } catch (FileAlreadyExistsException e) {
      throw e;
    } catch (IOException | UnsupportedOperationException e) {
      Path temp = copyToTemp(source, candidate.getParent());
      try {
        linkOrMove(temp, candidate);
      } finally {
        Files.deleteIfExists(temp);
      }
    }
  }

  /** Gives {@code temp}'s file the name {@code candidate} unless that name exists. */
  private static void linkOrMove(Path temp, Path candidate) throws IOException {
    try {
      Files.createLink(candidate, temp);
    } catch (FileAlreadyExistsException e) {
      throw e;
    } catch (IOException | UnsupportedOperationException e) {
      Files.move(temp, candidate); // no hard links here: look, then rename
    }
  }

  private static void replace(Mode mode, Path source, Path target) throws IOException {
    if (mode == Mode.MOVE) {
      try {
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        return;
      } catch (AtomicMoveNotSupportedException e) {
        // another file system: copy next to the target, then rename over it
      }
    }
    Path temp = copyToTemp(source, target.getParent());
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
    if (mode == Mode.MOVE) {
      Files.delete(source);
    }
  }

  /** A full, flushed copy of {@code source} under a temp name in {@code folder}. */
  private static Path copyToTemp(Path source, Path folder) throws IOException {
    Path temp = Files.createTempFile(folder, ".mediaflow-", ".part");
    try {
      Files.copy(source, temp, StandardCopyOption.REPLACE_EXISTING);
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ch.force(true); // on disk before its name can be seen
      }
      return temp;
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
  }

  private static boolean sameFile(Path a, Path b) {
    try {
      return Files.exists(a, LinkOption.NOFOLLOW_LINKS)
          && Files.exists(b, LinkOption.NOFOLLOW_LINKS)
          && Files.isSameFile(a, b);
    } catch (IOException e) {
      return false;
    }
  }

  /** {@code target} for 0, else its name with {@code " (n)"} before the extension. */
  static Path candidate(Path target, int n) {
    if (n == 0) {
      return target;
    }
    String name = target.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String suffixed =
        dot > 0
            ? name.substring(0, dot) + " (" + n + ")" + name.substring(dot)
            : name + " (" + n + ")";
    return target.resolveSibling(suffixed);
  }

  private static MediaFlowException noFreeName(Path target, String jsonPath) {
    return new MediaFlowException(
        OrganiseErrors.NO_FREE_NAME,
        jsonPath
            + ": "
            + target
            + " and every name up to "
            + candidate(target, MAX_SUFFIX).getFileName()
            + " are taken",
        "clean up the folder, or choose another destination");
  }
}
