package io.mediaflow.internal.action.organise;

import io.mediaflow.api.action.ActionContext;
import io.mediaflow.api.action.ActionOutput;
import io.mediaflow.api.operator.ParamSpec;
import io.mediaflow.api.operator.ParamType;
import io.mediaflow.api.operator.Params;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** The parameters and outputs the organise actions share, and reading them. */
final class OrganiseParams {

  static final String FILE = "file";
  static final String DESTINATION = "destination";
  static final String CONFLICT = "conflict";
  static final String CREATE_FOLDERS = "createFolders";

  static final ParamSpec FILE_SPEC =
      ParamSpec.builder(FILE, ParamType.PATH)
          .required()
          .description("the file, inside the allowed roots (a link is followed to its file)")
          .build();

  /** The file of a copy, move or delete: local, or a location of a storage. */
  static final ParamSpec LOCATION_SPEC =
      ParamSpec.builder(FILE, ParamType.LOCATION)
          .required()
          .description(
              "the file, inside the allowed roots (a link is followed to its file), or a location"
                  + " such as s3://bucket/key.mp4")
          .build();

  static final ParamSpec DESTINATION_SPEC =
      ParamSpec.builder(DESTINATION, ParamType.STRING)
          .required()
          .description(
              "a folder (ending in /, or an existing folder) to put the file in under its own"
                  + " name, or the new file's path; inside the allowed roots, relative to the"
                  + " workspace's base directory; or a location such as s3://bucket/folder/")
          .build();

  static final ParamSpec CONFLICT_SPEC =
      ParamSpec.builder(CONFLICT, ParamType.ENUM)
          .allowed(Conflict.NAMES)
          .defaultValue("fail")
          .description(
              "when the destination exists: fail (default), suffix (keep both: name (1).ext) or"
                  + " overwrite (replace it)")
          .build();

  static final ParamSpec CREATE_FOLDERS_SPEC =
      ParamSpec.builder(CREATE_FOLDERS, ParamType.BOOL)
          .defaultValue(true)
          .description("create the destination's missing folders (inside the roots)")
          .build();

  static final ActionOutput PATH_OUT =
      ActionOutput.of(
          "path", "where the file is now: absolute, inside the roots", "/placeholder/file.mp4");
  static final ActionOutput FROM_OUT =
      ActionOutput.of("from", "where the file was", "/placeholder/original.mp4");
  static final ActionOutput NAME_OUT = ActionOutput.of("name", "the file's name now", "file.mp4");
  static final ActionOutput SIZE_OUT = ActionOutput.of("size", "the file's size in bytes", 0);

  private OrganiseParams() {}

  /** Where parameter {@code name} of the running node is written, for messages. */
  static String at(ActionContext ctx, String name) {
    return "nodes[" + ctx.nodeId() + "].params." + name;
  }

  /** The file parameter, resolved inside the roots. */
  static Path file(Params params) {
    return params.optPath(FILE).orElseThrow();
  }

  /**
   * Fails with {@code ORGANISE_FILE_NOT_FOUND} unless {@code file} exists. A file action looks
   * inside its durable step (or in a test run), not before it: a run resumed after the step finds
   * the file moved, and must take the step's recorded result instead of failing.
   */
  static Path requireExists(ActionContext ctx, Path file) {
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      throw OrganiseErrors.fileNotFound(file, at(ctx, FILE));
    }
    return file;
  }

  /**
   * In a test run a missing file is not an error: the nodes before wrote nothing, so a file an
   * earlier node makes in a real run (an extracted audio track) is not there. Empty when the file
   * is there; else a note for the summary.
   */
  static String missingInTestRun(Path file) {
    return Files.exists(file, LinkOption.NOFOLLOW_LINKS)
        ? ""
        : " ("
            + file.getFileName()
            + " is not there now: in a test run the nodes before write"
            + " nothing)";
  }

  /** The file parameter; outside a test run it must exist. */
  static Path fileToRead(ActionContext ctx, Params params) {
    return ctx.dryRun() ? file(params) : existingFile(ctx, params);
  }

  /** The file parameter, which must exist: for actions that leave the file where it is. */
  static Path existingFile(ActionContext ctx, Params params) {
    return requireExists(ctx, file(params));
  }

  static Conflict conflict(Params params) {
    return Conflict.of(params.optString(CONFLICT).orElse("fail"));
  }

  static boolean createFolders(Params params) {
    return params.optBool(CREATE_FOLDERS).orElse(true);
  }
}
