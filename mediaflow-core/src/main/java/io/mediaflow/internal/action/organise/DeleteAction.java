package io.mediaflow.internal.action.organise;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.action.Action;
import io.mediaflow.api.action.ActionContext;
import io.mediaflow.api.action.ActionDescriptor;
import io.mediaflow.api.action.ActionOutput;
import io.mediaflow.api.action.ActionResult;
import io.mediaflow.api.action.DryRun;
import io.mediaflow.api.operator.ParamSpec;
import io.mediaflow.api.operator.ParamType;
import io.mediaflow.api.operator.Params;
import io.mediaflow.internal.action.organise.FilePlacer.Mode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code media.delete}: moves a file to the trash folder of its root ({@code
 * <root>/.mediaflow-trash/}, under its path relative to the root, never replacing a file there), or
 * deletes it for good when {@code permanent} is true. Either way the library forgets it.
 */
final class DeleteAction implements Action {

  /** The trash folder's name, made in the allowed root that holds the file. */
  static final String TRASH = ".mediaflow-trash";

  static final String PERMANENT = "permanent";

  private static final ActionDescriptor DESCRIPTOR =
      ActionDescriptor.builder("media.delete")
          .description(
              "Moves a file to the trash folder of its root ("
                  + TRASH
                  + "/), or deletes it for"
                  + " good when permanent is true; the library forgets its tags and collections")
          .category("organise")
          .param(OrganiseParams.LOCATION_SPEC)
          .param(
              ParamSpec.builder(PERMANENT, ParamType.BOOL)
                  .defaultValue(false)
                  .description("delete for good instead of moving to the trash")
                  .build())
          .output(ActionOutput.of("path", "the file that was deleted", "/placeholder/file.mp4"))
          .output(
              ActionOutput.of(
                  "trashedTo",
                  "where the file is in the trash; empty when deleted for good",
                  "/placeholder/.mediaflow-trash/file.mp4"))
          .output(ActionOutput.of("permanent", "whether it was deleted for good", false))
          .dryRun(DryRun.DESCRIBES_ITSELF)
          .error(ErrorCode.PATH_NOT_ALLOWED)
          .error(ErrorCode.UNSUPPORTED_SOURCE)
          .error(OrganiseErrors.FILE_NOT_FOUND)
          .error(OrganiseErrors.ALREADY_IN_TRASH)
          .error(OrganiseErrors.NO_FREE_NAME)
          .error(OrganiseErrors.IO_FAILED)
          .build();

  @Override
  public ActionDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public ActionResult execute(ActionContext ctx, Params params) throws Exception {
    boolean permanent = params.optBool(PERMANENT).orElse(false);
    URI location = params.optLocation(OrganiseParams.FILE).orElseThrow();
    if (!"file".equalsIgnoreCase(location.getScheme())) {
      return RemoteFiles.delete(ctx, location, permanent);
    }
    Path file = OrganiseParams.file(params);
    String at = OrganiseParams.at(ctx, OrganiseParams.FILE);
    if (permanent) {
      if (ctx.dryRun()) {
        return result(
            file,
            null,
            "test run: would delete " + file + " for good" + OrganiseParams.missingInTestRun(file));
      }
      String[] library = {""};
      ctx.step(
          "delete",
          String.class,
          () -> {
            OrganiseParams.requireExists(ctx, file);
            try {
              Files.delete(file);
            } catch (IOException e) {
              throw OrganiseErrors.io("delete of", file, e);
            }
            library[0] = forget(ctx, file);
            return file.toString();
          });
      return result(file, null, "deleted " + file + " for good" + library[0]);
    }
    Path root = rootOf(ctx, file);
    Path trash = root.resolve(TRASH);
    if (file.startsWith(trash)) {
      throw new MediaFlowException(
          OrganiseErrors.ALREADY_IN_TRASH,
          at + ": " + file + " is in the trash already",
          "set \"permanent\": true to delete it for good");
    }
    Path target = ctx.paths().resolve(trash.resolve(root.relativize(file)).toString(), at);
    if (ctx.dryRun()) {
      Path planned = FilePlacer.plan(Mode.MOVE, file, target, Conflict.SUFFIX, at);
      return result(
          file,
          planned,
          "test run: would move "
              + file
              + " to the trash: "
              + planned
              + OrganiseParams.missingInTestRun(file));
    }
    String[] library = {""};
    String trashed =
        ctx.step(
            "trash",
            String.class,
            () -> {
              OrganiseParams.requireExists(ctx, file);
              Path placed;
              try {
                Destinations.prepareFolder(ctx, target, true, at);
                placed = FilePlacer.place(Mode.MOVE, file, target, Conflict.SUFFIX, at);
              } catch (IOException e) {
                throw OrganiseErrors.io("moving to the trash of", file, e);
              }
              library[0] = forget(ctx, file);
              return placed.toString();
            });
    return result(
        file, Path.of(trashed), "moved " + file + " to the trash: " + trashed + library[0]);
  }

  /** The allowed root that holds {@code file}: the deepest, where roots nest. */
  private static Path rootOf(ActionContext ctx, Path file) {
    return ctx.roots().stream()
        .filter(file::startsWith)
        .max(Comparator.comparingInt(Path::getNameCount))
        .orElseThrow(() -> new IllegalStateException(file + " was resolved outside the roots"));
  }

  private static String forget(ActionContext ctx, Path file) {
    return LibraryAccess.follow(ctx, library -> library.forgetFile(file.toString())).orElse("");
  }

  private static ActionResult result(Path file, Path trashedTo, String summary) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("path", file.toString());
    out.put("trashedTo", trashedTo == null ? "" : trashedTo.toString());
    out.put("permanent", trashedTo == null);
    return new ActionResult(out, summary);
  }
}
