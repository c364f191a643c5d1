package io.mediaflow.internal.action.organise;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.Violation;
import io.mediaflow.api.action.ActionContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Turns a {@code destination} as written into the one file the action writes, through the host's
 * {@link io.mediaflow.api.operator.PathResolver}: relative paths start at the workspace's base
 * directory, every symbolic link is followed (one at the destination's name too), and the file it
 * leads to must lie inside the allowed roots, or the action fails with {@code PATH_NOT_ALLOWED}
 * before anything is touched.
 */
final class Destinations {

  private Destinations() {}

  /**
   * The file a move or copy of {@code fileName} to {@code destination} writes: {@code
   * destination/fileName} when the destination ends in {@code /} or is an existing folder, else the
   * destination itself.
   */
  static Path target(ActionContext ctx, String destination, String fileName, String jsonPath) {
    String text = destination.strip();
    if (text.startsWith("~")) {
      throw new MediaFlowException(
          OrganiseErrors.INVALID_DESTINATION,
          jsonPath
              + ": destination \""
              + OrganiseErrors.shown(destination)
              + "\" starts with ~, which is not a home folder here",
          "write a path inside the allowed roots "
              + ctx.roots()
              + "; a relative path starts at the workspace's base directory");
    }
    boolean folder = text.endsWith("/") || text.endsWith("\\") || text.equals(".");
    String trimmed = text.replaceAll("[/\\\\]+$", "");
    Path inFolder =
        ctx.paths().resolve((trimmed.isEmpty() ? "/" : trimmed + "/") + fileName, jsonPath);
    if (folder || Files.isDirectory(inFolder.getParent())) {
      return inFolder;
    }
    return ctx.paths().resolve(text, jsonPath);
  }

  /** The file named {@code name} beside {@code file}: a rename's target, also resolved. */
  static Path sibling(ActionContext ctx, Path file, String name, String jsonPath) {
    return ctx.paths().resolve(file.resolveSibling(name).toString(), jsonPath);
  }

  /**
   * Makes the target's missing folders (or, without {@code create}, requires them), then resolves
   * the target again: a link put in the way meanwhile would lead elsewhere, and is refused.
   */
  static void prepareFolder(ActionContext ctx, Path target, boolean create, String jsonPath)
      throws IOException {
    Path folder = target.getParent();
    if (!Files.isDirectory(folder)) {
      if (!create) {
        throw new MediaFlowException(
            OrganiseErrors.INVALID_DESTINATION,
            jsonPath + ": folder " + folder + " does not exist and \"createFolders\" is false",
            "create the folder first, or set \"createFolders\" to true");
      }
      Path existing = folder;
      while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
        existing = existing.getParent();
      }
      if (existing != null && !Files.isDirectory(existing)) {
        // a file stands where a folder of the destination should be: no retry will change that
        throw new MediaFlowException(
            OrganiseErrors.INVALID_DESTINATION,
            jsonPath + ": folder " + folder + " cannot be made: " + existing + " is a file",
            "choose a destination whose folders are folders");
      }
      Files.createDirectories(folder);
    }
    Path again = ctx.paths().resolve(target.toString(), jsonPath);
    if (!again.equals(target)) {
      throw new ValidationException(
          new Violation(
              jsonPath,
              ErrorCode.PATH_NOT_ALLOWED,
              "destination " + target + " now leads to " + again + " through a symbolic link",
              "remove the link from the destination's folders"));
    }
  }
}
